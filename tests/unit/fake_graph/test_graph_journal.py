"""The bounded journal, per-number throughput (130429) and the cheroot front end."""

from __future__ import annotations

import json
import tracemalloc

import pytest
import requests
from graph_test_data import MESSAGES_PATH, TOKEN, USER, Bodies

from harness.errors import UsageError
from harness.fake_graph import FakeGraph, LoopbackServer
from harness.fake_graph.journal import (
    DEFAULT_KEEP_LAST,
    OWED_FLOOR,
    Journal,
    OwedQueue,
    SendAttempt,
    card_key,
    keep_last_option,
)
from harness.fake_graph.send_limits import ThroughputLimit

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def bounded_fake(clock, keep_last: int, **options) -> FakeGraph:
    graph = FakeGraph(access_token=TOKEN, clock=clock, keep_last=keep_last, **options)
    graph.open_window(USER)
    return graph


def test_keep_last_holds_only_the_newest_attempts_and_counts_all(post, clock):
    fake = bounded_fake(clock, keep_last=3)
    for n in range(7):
        fake.handle("POST", MESSAGES_PATH, AUTH, json.dumps(Bodies.text(body=f"n{n}")).encode())
    for _ in range(2):
        fake.handle("POST", MESSAGES_PATH, AUTH, b"{}")
    kept = fake.attempts
    assert [a.index for a in kept] == [6, 7, 8]
    counts = fake.counts()
    assert counts.total == 9
    assert counts.by_status[200] == 7
    assert sum(counts.by_status.values()) == 9


def test_counts_split_by_status_recipient_and_card(clock):
    fake = bounded_fake(clock, keep_last=0)

    def send(body):
        return fake.handle("POST", MESSAGES_PATH, AUTH, json.dumps(body).encode())

    send(Bodies.text())
    send(Bodies.buttons("Yes", "No", ids=["card:1:yes", "card:1:no"]))
    send(Bodies.buttons("Yes", "No", ids=["card:1:yes", "card:1:no"]))
    send(Bodies.buttons("Yes", "No", ids=["card:2:yes", "card:2:no"]))
    send({"messaging_product": "whatsapp", "to": USER, "type": "text"})  # rejected: no text
    counts = fake.counts()
    assert fake.attempts == []
    assert counts.total == 5
    assert counts.accepted == 4
    assert counts.by_status[200] == 4
    assert sum(n for status, n in counts.by_status.items() if status >= 400) == 1
    assert counts.by_recipient == {USER: 4}
    assert counts.by_card == {"card:1:yes": 2, "card:2:yes": 1}
    fake.reset()
    assert fake.counts().total == 0


def test_card_key_reads_buttons_and_lists_and_ignores_the_rest():
    assert card_key(Bodies.buttons("A", "B", ids=["x", "y"])) == "x"
    assert card_key(Bodies.list_(2)) is not None
    assert card_key(Bodies.text()) is None
    assert card_key("not a body") is None


def test_distinct_keys_past_the_cap_share_one_overflow_count():
    journal = Journal(keep_last=0, max_keys=2)
    for n in range(5):
        journal.record(_accepted(n))
    assert journal.kept() == []
    assert len(journal.counts.by_recipient) == 2
    assert journal.counts.overflow == 3


def _accepted(n: int) -> SendAttempt:
    return SendAttempt(
        index=n,
        method="POST",
        path=MESSAGES_PATH,
        recipient=f"1555000{n}",
        payload={},
        raw_body="",
        status=200,
        response={},
        at=0.0,
        accepted=True,
    )


def test_memory_stays_flat_with_keep_last(clock):
    fake = bounded_fake(clock, keep_last=50, window="off")
    body = json.dumps(Bodies.text()).encode()
    for _ in range(200):
        fake.handle("POST", MESSAGES_PATH, AUTH, body)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(2000):
            fake.handle("POST", MESSAGES_PATH, AUTH, body)
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # Unbounded, 2,000 more attempts would hold several megabytes; bounded, next to nothing.
    assert grown < 200_000
    assert fake.counts().total == 2200


def test_negative_keep_last_is_a_usage_error():
    with pytest.raises(UsageError, match="keep_last"):
        Journal(keep_last=-1)


def test_throughput_limit_admits_n_per_sliding_second():
    now = [100.0]
    limit = ThroughputLimit(3, now=lambda: now[0])
    assert [limit.admit() for _ in range(4)] == [True, True, True, False]
    now[0] += 0.999
    assert not limit.admit()
    now[0] += 0.002
    assert limit.admit()
    with pytest.raises(UsageError, match="at least 1"):
        ThroughputLimit(0)


def test_sends_above_the_throughput_fail_with_130429(clock):
    fake = bounded_fake(clock, keep_last=10, throughput=2)
    body = json.dumps(Bodies.text()).encode()
    replies = [fake.handle("POST", MESSAGES_PATH, AUTH, body) for _ in range(3)]
    assert [r.status for r in replies[:2]] == [200, 200]
    assert replies[2].status == 400
    assert replies[2].body["error"]["code"] == 130429


def test_cheroot_front_end_serves_the_same_fake_and_its_counts(fake):
    with LoopbackServer(fake, server="cheroot") as server:
        answer = requests.post(
            server.url + MESSAGES_PATH, json=Bodies.text(), headers=AUTH, timeout=5
        )
        counts = requests.get(server.url + "/_harness/counts", headers=AUTH, timeout=5).json()[
            "counts"
        ]
    assert answer.status_code == 200
    assert answer.json()["messages"][0]["id"].startswith("wamid.")
    assert counts["total"] == 1
    assert counts["by_recipient"] == {USER: 1}
    with pytest.raises(requests.ConnectionError):
        requests.get(answer.url, timeout=1)  # stopped: the port is closed


def test_unknown_server_is_a_usage_error(fake):
    with pytest.raises(UsageError, match="werkzeug, cheroot"):
        LoopbackServer(fake, server="gunicorn")


def test_a_token_hidden_behind_json_escapes_is_still_redacted(clock):
    fake = bounded_fake(clock, keep_last=5)
    escaped = "".join(f"\\u{ord(c):04x}" for c in TOKEN)
    head = json.dumps({"messaging_product": "whatsapp", "to": USER, "type": "text"})[:-1]
    body = (head + ', "text": {"body": "token: ' + escaped + '"}}').encode()
    fake.handle("POST", MESSAGES_PATH, AUTH, body)
    attempt = fake.attempts[-1]
    assert attempt.accepted
    assert TOKEN not in json.dumps(attempt.to_dict())
    assert "[redacted]" in attempt.payload["text"]["body"]


def test_a_bounded_fake_keeps_only_the_newest_owed_notifications(clock):
    # Outside the 24 h window every send owes a failed status; with no webhook URL nobody
    # takes them, so a bounded fake must not keep them all.
    fake = FakeGraph(access_token=TOKEN, clock=clock, keep_last=5)
    body = json.dumps(Bodies.text(to="15557654321")).encode()
    for _ in range(OWED_FLOOR + 50):
        fake.handle("POST", MESSAGES_PATH, AUTH, body)
    owed = fake.take_owed_notifications()
    assert len(owed) == OWED_FLOOR
    assert fake.take_owed_notifications() == []
    unbounded = FakeGraph(access_token=TOKEN, clock=clock)
    for _ in range(OWED_FLOOR + 50):
        unbounded.handle("POST", MESSAGES_PATH, AUTH, body)
    assert len(unbounded.take_owed_notifications()) == OWED_FLOOR + 50


def test_owed_queue_counts_what_it_pushed_out_and_reset_forgets_it():
    queue = OwedQueue(3)
    queue.add([{"n": 1}, {"n": 2}])
    queue.add([{"n": 3}, {"n": 4}, {"n": 5}])
    assert queue.dropped == 2
    assert queue.take() == [{"n": 3}, {"n": 4}, {"n": 5}]
    journal = Journal(keep_last=1)
    journal.owed.add([{"n": 1}])
    journal.clear()
    assert journal.owed.take() == []


@pytest.mark.parametrize(
    ("given", "kept"), [(None, DEFAULT_KEEP_LAST), ("all", None), ("ALL", None), ("0", 0), ("7", 7)]
)
def test_keep_last_option(given, kept):
    assert keep_last_option(given) == kept


@pytest.mark.parametrize("given", ["-1", "many", "1.5", ""])
def test_a_bad_keep_last_option_is_a_usage_error(given):
    with pytest.raises(UsageError, match="--keep-last"):
        keep_last_option(given)


def test_fake_graph_command_keeps_the_last_1000_by_default(monkeypatch):
    from click.testing import CliRunner

    from harness import cli as cli_module
    from harness.fake_graph import loopback

    served: dict[str, object] = {}

    def fake_serve(fake, **options):
        served.update(options, keep_last=fake.keep_last)

    monkeypatch.setattr(loopback, "serve", fake_serve)
    monkeypatch.setattr("harness.fake_graph.serve", fake_serve)
    runner = CliRunner()
    args = ["fake-graph", "--access-token", TOKEN, "--port", "0"]
    assert runner.invoke(cli_module.cli, args).exit_code == 0
    assert served == {
        "keep_last": DEFAULT_KEEP_LAST,
        "server_name": "cheroot",
        "log_requests": None,
        "host": "127.0.0.1",
        "port": 0,
        "webhook_url": None,
        "app_secret": None,
        "allow_remote": False,
    }
    assert runner.invoke(cli_module.cli, [*args, "--keep-last", "all", "--quiet"]).exit_code == 0
    assert (served["keep_last"], served["log_requests"]) == (None, False)
    bad = runner.invoke(cli_module.cli, [*args, "--keep-last", "lots"])
    assert bad.exit_code == 2
    assert len(bad.output.strip().splitlines()) == 1
    assert "--keep-last 'lots'" in bad.output

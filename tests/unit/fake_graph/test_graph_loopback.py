"""LoopbackServer extras: /_harness control routes, signed webhook delivery, ports, serve()."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterator

import pytest
import requests
from graph_test_data import MESSAGES_PATH, TOKEN, USER, Bodies
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from harness.errors import UsageError
from harness.fake_graph import FakeGraph, FaultRule, LoopbackServer, serve
from harness.fake_graph import loopback as loopback_module
from harness.fake_graph.http_servers import SERVERS
from harness.fake_graph.loopback import exposure_warning, is_loopback
from harness.webhooks.encoding import meta_json_bytes
from harness.webhooks.signing import SIGNATURE_HEADER, verify

AUTH = {"Authorization": f"Bearer {TOKEN}"}
SECRET = "app-secret-for-tests"
DAY = 24 * 60 * 60


class Receiver:
    """A webhook endpoint on 127.0.0.1 that records exactly the bytes it was sent."""

    def __init__(self) -> None:
        self.posts: list[tuple[bytes, dict[str, str]]] = []
        self.arrived = threading.Event()
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.port}/webhook"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _app(self, environ, start_response):
        request = Request(environ)
        self.posts.append((request.get_data(), dict(request.headers)))
        self.arrived.set()
        return Response("ok")(environ, start_response)

    def __enter__(self) -> Receiver:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def server(fake: FakeGraph) -> Iterator[LoopbackServer]:
    with LoopbackServer(fake) as running:
        yield running


def send_text(server: LoopbackServer, to: str = USER) -> requests.Response:
    body = Bodies.text(to=to)
    return requests.post(server.url + MESSAGES_PATH, json=body, headers=AUTH, timeout=5)


def test_sent_lists_every_attempt(server):
    send_text(server)
    requests.post(server.url + MESSAGES_PATH, json=Bodies.buttons("A", "A"), timeout=5)
    requests.post(server.url + MESSAGES_PATH, json=Bodies.buttons("A", "A"), headers=AUTH)
    attempts = requests.get(server.url + "/_harness/sent", headers=AUTH, timeout=5).json()[
        "attempts"
    ]
    assert [a["status"] for a in attempts] == [200, 401, 400]
    assert [a["index"] for a in attempts] == [0, 1, 2]
    assert attempts[2]["violations"][0]["rule"] == "button_titles_unique"
    assert TOKEN not in json.dumps(attempts)


@pytest.mark.parametrize(
    ("method", "route"),
    [("GET", "/_harness/sent"), ("POST", "/_harness/reset"), ("GET", "/_harness/nothing")],
)
@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong-token-1234"}, {"Authorization": TOKEN}]
)
def test_control_routes_without_the_token_are_401(server, fake, method, route, headers):
    send_text(server)
    answer = requests.request(method, server.url + route, headers=headers, timeout=5)
    assert answer.status_code == 401
    assert "Authorization: Bearer" in answer.json()["error"]["message"]
    assert "attempts" not in answer.text
    assert len(fake.attempts) == 1  # nothing was reset either


def test_control_routes_take_the_token_as_graph_does(server):
    send_text(server)
    as_bytes = {"Authorization": f"Bearer {TOKEN}".encode()}
    by_query = requests.get(server.url + "/_harness/sent", params={"access_token": TOKEN})
    by_bytes = requests.get(server.url + "/_harness/sent", headers=as_bytes, timeout=5)
    assert by_query.status_code == by_bytes.status_code == 200
    assert len(by_query.json()["attempts"]) == 1


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "example.com"])
def test_non_loopback_host_is_refused_without_allow_remote(fake, host):
    with pytest.raises(UsageError, match="--allow-remote"):
        LoopbackServer(fake, host=host)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_hosts_need_no_option(host):
    assert is_loopback(host)
    assert exposure_warning(host) is None


def test_remote_host_gets_a_warning():
    assert "other machines" in (exposure_warning("0.0.0.0") or "")


def test_reset_route(server, fake):
    send_text(server)
    assert requests.post(server.url + "/_harness/reset", headers=AUTH, timeout=5).json() == {
        "ok": True
    }
    assert fake.attempts == []


def test_clock_and_window_routes_drive_the_24h_window(server, fake):
    start = fake.clock.now()
    answer = requests.post(
        server.url + "/_harness/clock", json={"advance_s": DAY + 1}, headers=AUTH, timeout=5
    )
    assert answer.json() == {"now": start + DAY + 1}
    send_text(server)
    assert len(fake.take_owed_notifications()) == 1  # window expired: 131047 owed
    requests.post(server.url + "/_harness/window", json={"wa_id": USER}, headers=AUTH, timeout=5)
    send_text(server)
    assert fake.take_owed_notifications() == []


def test_fault_routes(server, fake):
    rule = {"preset": "rate_limit", "trigger": "next", "n": 1, "http_status": 429}
    added = requests.post(server.url + "/_harness/faults", json=rule, headers=AUTH, timeout=5)
    assert added.status_code == 200
    assert added.json()["faults"] == [rule]
    assert send_text(server).status_code == 429
    assert send_text(server).status_code == 200
    requests.post(server.url + "/_harness/faults", json={"preset": "auth"}, headers=AUTH, timeout=5)
    assert requests.delete(server.url + "/_harness/faults", headers=AUTH, timeout=5).json() == {
        "ok": True
    }
    assert fake.faults == []


def test_bad_fault_is_400_with_the_valid_presets(server):
    answer = requests.post(
        server.url + "/_harness/faults", json={"preset": "boom"}, headers=AUTH, timeout=5
    )
    assert answer.status_code == 400
    assert "rate_limit" in answer.json()["error"]["message"]


def test_bad_control_input_is_400_and_unknown_route_404(server):
    bad_clock = requests.post(
        server.url + "/_harness/clock", json={"advance_s": -5}, headers=AUTH, timeout=5
    )
    assert bad_clock.status_code == 400
    assert (
        requests.post(
            server.url + "/_harness/window", data=b"[1]", headers=AUTH, timeout=5
        ).status_code
        == 400
    )
    missing = requests.get(server.url + "/_harness/nothing", headers=AUTH, timeout=5)
    assert missing.status_code == 404
    assert "/_harness/sent" in missing.json()["error"]["message"]


def test_take_notifications_route(server):
    send_text(server, to="+49 30 1234567")
    taken = requests.post(
        server.url + "/_harness/notifications/take", headers=AUTH, timeout=5
    ).json()
    (notification,) = taken["notifications"]
    status = notification["entry"][0]["changes"][0]["value"]["statuses"][0]
    assert status["errors"][0]["code"] == 131047


def test_owed_131047_is_delivered_signed_over_the_exact_bytes(fake):
    with (
        Receiver() as receiver,
        LoopbackServer(fake, webhook_url=receiver.url, app_secret=SECRET) as server,
    ):
        reply = send_text(server, to="+49 30 1234567")
        assert receiver.arrived.wait(5), "no webhook arrived within 5 s"
    (body, headers), *more = receiver.posts
    assert more == []
    assert verify(body, headers.get(SIGNATURE_HEADER), SECRET)
    assert headers["Content-Type"] == "application/json"
    notification = json.loads(body)
    assert body == meta_json_bytes(notification)
    status = notification["entry"][0]["changes"][0]["value"]["statuses"][0]
    assert status["id"] == reply.json()["messages"][0]["id"]
    assert (status["status"], status["errors"][0]["code"]) == ("failed", 131047)
    assert fake.take_owed_notifications() == []


def test_delivery_failure_is_logged_not_fatal(fake, caplog):
    dead = "http://127.0.0.1:9/webhook"  # discard port: nothing listens
    with LoopbackServer(fake, webhook_url=dead, app_secret=SECRET) as server:
        send_text(server, to="+49 30 1234567")
        deadline = time.monotonic() + 5
        while "failed" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.05)
        assert send_text(server).status_code == 200
    assert "status webhook to http://127.0.0.1:9/webhook failed" in caplog.text


def test_webhook_needs_url_and_secret_together(fake):
    with pytest.raises(UsageError, match="both webhook_url and app_secret"):
        LoopbackServer(fake, webhook_url="http://127.0.0.1:1/")


def test_port_in_use_is_a_usage_error(fake, server):
    with pytest.raises(UsageError, match=rf"port {server.port} is in use; choose another"):
        LoopbackServer(fake, port=server.port).start()


def test_url_before_start_is_a_usage_error(fake):
    with pytest.raises(UsageError, match="not started"):
        _ = LoopbackServer(fake).url


def run_serve(fake, monkeypatch, capsys, **options) -> tuple[str, dict[str, int]]:
    seen: dict[str, int] = {}

    def interrupt(server: LoopbackServer) -> None:
        seen["status"] = send_text(server).status_code
        seen["port"] = server.port
        raise KeyboardInterrupt

    monkeypatch.setattr(loopback_module, "_wait_forever", interrupt)
    serve(fake, port=0, **options)
    return capsys.readouterr().out, seen


def test_serve_runs_until_ctrl_c_and_never_prints_the_token(fake, monkeypatch, capsys):
    out, seen = run_serve(fake, monkeypatch, capsys, log_requests=True)
    assert seen["status"] == 200
    assert f"listening on http://127.0.0.1:{seen['port']}" in out
    assert f"POST {MESSAGES_PATH} to {USER} -> 200" in out
    assert TOKEN not in out
    assert fake.on_attempt == []
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(f"http://127.0.0.1:{seen['port']}/_harness/sent", headers=AUTH, timeout=1)


@pytest.mark.parametrize(
    ("log_requests", "terminal", "logged"),
    [(None, False, False), (None, True, True), (False, True, False), (True, False, True)],
)
def test_a_line_per_request_only_on_a_terminal_unless_told(
    fake, monkeypatch, capsys, log_requests, terminal, logged
):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: terminal)
    out, seen = run_serve(fake, monkeypatch, capsys, log_requests=log_requests)
    assert seen["status"] == 200
    assert (f"POST {MESSAGES_PATH} to {USER} -> 200" in out) is logged
    assert ("--verbose turns it on" in out) is not logged
    assert fake.on_attempt == []


def test_the_banner_says_how_much_of_the_journal_is_kept(clock, monkeypatch, capsys):
    bounded = FakeGraph(access_token=TOKEN, clock=clock, keep_last=1000)
    out, _ = run_serve(bounded, monkeypatch, capsys)
    assert "keeps the bodies of the last 1,000 sends; /_harness/counts counts all" in out
    unbounded = FakeGraph(access_token=TOKEN, clock=clock)
    out, _ = run_serve(unbounded, monkeypatch, capsys)
    assert "keeps the bodies of every send" in out


@pytest.fixture(params=SERVERS)
def any_server(request, fake: FakeGraph) -> Iterator[LoopbackServer]:
    with LoopbackServer(fake, server=request.param) as running:
        yield running


def test_no_answer_closes_the_connection_without_a_reply_on_both_servers(any_server, fake):
    fake.add_fault(FaultRule("no_answer", trigger="next", n=1, seconds=0.2))
    started = time.monotonic()
    with pytest.raises(requests.ConnectionError):
        send_text(any_server)
    assert time.monotonic() - started >= 0.2
    (attempt,) = fake.attempts
    assert (attempt.status, attempt.fault) == (0, "no_answer")
    # The server keeps serving after the dropped connection.
    assert send_text(any_server).status_code == 200


def test_delay_holds_the_answer_on_both_servers(any_server, fake):
    fake.add_fault(FaultRule("delay", seconds=0.3))
    started = time.monotonic()
    answer = send_text(any_server)
    assert answer.status_code == 200
    assert time.monotonic() - started >= 0.3


def test_both_servers_read_chunked_bodies_and_query_tokens(any_server, fake):
    body = json.dumps(Bodies.text()).encode()
    answer = requests.post(
        any_server.url + MESSAGES_PATH,
        params={"access_token": TOKEN},
        data=iter([body[:10], body[10:]]),  # a generator body goes out chunked
        headers={"Content-Type": "application/json"},
        timeout=5,
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"] == "application/json; charset=UTF-8"
    (attempt,) = fake.attempts
    assert attempt.raw_body == body.decode()
    assert "access_token" not in attempt.path
    unknown = requests.get(any_server.url + "/v21.0/nothing/here", headers=AUTH, timeout=5)
    assert unknown.status_code == 400
    assert unknown.json()["error"]["code"] == 100

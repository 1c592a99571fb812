"""InProcessGraph (requests + responses) and LoopbackServer (real HTTP) answer identically."""

from __future__ import annotations

import json
import threading
import time

import pytest
import requests
from graph_test_data import MESSAGES_PATH, PHONE_ID, TOKEN, USER, Bodies

from harness.clock import Clock
from harness.fake_graph import FakeGraph, FaultRule, InProcessGraph, LoopbackServer

AUTH = {"Authorization": f"Bearer {TOKEN}"}
STRANGER = "4930123456"
BSUID = "US.13491208655302741"


def scripted_calls() -> list[tuple[str, str, dict[str, str], bytes]]:
    """One of each kind of answer: success, every error family, a fault, the window."""
    b = Bodies()

    def post(body, headers=AUTH, path=MESSAGES_PATH):
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return ("POST", path, headers, raw)

    return [
        post(b.text()),
        post(b.text(), headers={"Authorization": "Bearer nope"}),
        post(b.text(), headers={}),
        post(b.text(), path="/v21.0/123/messages"),
        post(b.text(), path="/v21.0/unknown/path/here"),
        post(b.buttons("A", "B", "C", "D")),
        post(b.buttons("Same", "Same")),
        post(b.list_(6, 5)),
        post(b"{not json"),
        post(b.template()),
        post(b.mark_read()),
        post(b.text(to="+" + STRANGER)),  # outside the window: 200, failed status owed
        post(b.text("faulted")),  # the 4th valid send: the every-4th rate_limit rule fires
        ("GET", MESSAGES_PATH, AUTH, b""),
        post(by_recipient(b.text())),  # a BSUID send: {input, user_id}
        post({**b.text(), "recipient": BSUID}),  # both: to wins, {input, wa_id}
        post({k: v for k, v in b.text().items() if k != "to"}),  # neither: (#100) to required
    ]


def by_recipient(body: dict) -> dict:
    return {**{k: v for k, v in body.items() if k != "to"}, "recipient": BSUID}


def make_fake() -> FakeGraph:
    fake = FakeGraph(access_token=TOKEN, seed=11, clock=Clock(1_750_000_000))
    fake.open_window(USER, user_id=BSUID)
    fake.add_fault(FaultRule("rate_limit", trigger="every", n=4, http_status=429))
    return fake


def run_through(base_url: str) -> list[tuple[int, dict]]:
    answers = []
    for method, path, headers, body in scripted_calls():
        response = requests.request(method, base_url + path, headers=headers, data=body, timeout=5)
        assert response.headers["Content-Type"].startswith("application/json")
        answers.append((response.status_code, response.json()))
    return answers


def test_in_process_and_loopback_answer_the_same():
    in_process_fake, loopback_fake = make_fake(), make_fake()
    with InProcessGraph(in_process_fake) as graph:
        in_process = run_through(graph.url)
    with LoopbackServer(loopback_fake) as server:
        loopback = run_through(server.url)
    assert [status for status, _ in in_process] == [
        200, 401, 401, 400, 400, 400, 400, 400, 400, 200, 200, 200, 429, 400, 200, 200, 400
    ]  # fmt: skip
    assert in_process == loopback
    bsuid_send, both, neither = (body for _, body in loopback[-3:])
    assert bsuid_send["contacts"] == [{"input": BSUID, "user_id": BSUID}]
    assert both["contacts"] == [{"input": "+" + USER, "wa_id": USER}]
    assert neither["error"]["message"] == "(#100) The parameter to is required."
    assert [a.to_dict() for a in in_process_fake.attempts] == [
        a.to_dict() for a in loopback_fake.attempts
    ]
    owed = in_process_fake.take_owed_notifications()
    assert len(owed) == 1
    assert owed == loopback_fake.take_owed_notifications()


def test_in_process_raises_read_timeout_for_no_answer():
    fake = make_fake()
    fake.clear_faults()
    fake.add_fault(FaultRule("no_answer", seconds=60))
    with InProcessGraph(fake) as graph, pytest.raises(requests.exceptions.ReadTimeout):
        requests.post(graph.url + MESSAGES_PATH, json=Bodies.text(), headers=AUTH, timeout=5)
    assert fake.attempts[0].status == 0


def test_in_process_answers_after_the_delay():
    fake = make_fake()
    fake.add_fault(FaultRule("delay", seconds=0.3))
    with InProcessGraph(fake) as graph:
        started = time.monotonic()
        response = requests.post(graph.url + MESSAGES_PATH, json=Bodies.text(), headers=AUTH)
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.3


def test_in_process_answers_at_once_when_the_hold_is_released():
    fake = make_fake()
    fake.add_fault(FaultRule("delay", seconds=10))
    with InProcessGraph(fake) as graph:
        threading.Timer(0.1, fake.holds.release).start()
        started = time.monotonic()
        response = requests.post(graph.url + MESSAGES_PATH, json=Bodies.text(), headers=AUTH)
    assert response.status_code == 200
    assert time.monotonic() - started < 5


def test_in_process_refuses_other_hosts_and_passes_through_prefixes():
    loop_fake, fake = make_fake(), make_fake()
    with LoopbackServer(loop_fake) as server:
        with InProcessGraph(fake, passthru_prefixes=[server.url]):
            with pytest.raises(requests.exceptions.ConnectionError):
                requests.get("https://example.com/", timeout=5)
            real = requests.get(server.url + "/_harness/sent", headers=AUTH, timeout=5)
        assert real.status_code == 200
    assert fake.attempts == []


def test_in_process_several_bases_with_path_prefix():
    fake = make_fake()
    bases = ("https://graph.facebook.com", "http://fake-graph.test/graph/")
    with InProcessGraph(fake, bases) as graph:
        assert graph.url == "https://graph.facebook.com"
        response = requests.post(
            "http://fake-graph.test/graph" + MESSAGES_PATH, json=Bodies.text(), headers=AUTH
        )
    assert response.status_code == 200
    assert fake.attempts[0].path == f"/v21.0/{PHONE_ID}/messages"


def test_loopback_delay_is_real():
    fake = make_fake()
    fake.clear_faults()
    fake.add_fault(FaultRule("delay", seconds=0.3))
    with LoopbackServer(fake) as server:
        response = requests.post(server.url + MESSAGES_PATH, json=Bodies.text(), headers=AUTH)
    assert response.status_code == 200
    assert response.elapsed.total_seconds() >= 0.3


def test_loopback_no_answer_times_out_then_closes():
    fake = make_fake()
    fake.clear_faults()
    fake.add_fault(FaultRule("no_answer", seconds=0.5))
    with LoopbackServer(fake) as server:
        url = server.url + MESSAGES_PATH
        with pytest.raises(requests.exceptions.ReadTimeout):
            requests.post(url, json=Bodies.text(), headers=AUTH, timeout=0.2)
        with pytest.raises(requests.exceptions.ConnectionError):
            requests.post(url, json=Bodies.text(), headers=AUTH, timeout=5)
    assert [a.status for a in fake.attempts] == [0, 0]

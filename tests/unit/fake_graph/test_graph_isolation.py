"""One isolation rule for requests and httpx: the fake answers, other calls are refused."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
import requests
from graph_test_data import MESSAGES_PATH, TOKEN, Bodies

from harness.checks.check_context import CheckContext
from harness.fake_graph import FakeGraph
from harness.fake_graph.in_process import InProcessFakes
from harness.settings import build_settings
from harness.world import World

ELSEWHERE = "https://api.example.com/v1/things?x=1"


class _Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def local_server() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1, as a host project's own tests would start."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def fakes(fake: FakeGraph) -> InProcessFakes:
    return InProcessFakes(fake)


def test_both_clients_are_answered_by_the_fake(fakes: InProcessFakes, fake: FakeGraph) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with fakes:
        by_requests = requests.post(fakes.url + MESSAGES_PATH, json=Bodies.text(), headers=auth)
        by_httpx = httpx.post(fakes.url + MESSAGES_PATH, json=Bodies.text(), headers=auth)
    assert (by_requests.status_code, by_httpx.status_code) == (200, 200)
    assert len(fake.attempts) == 2


def test_bytes_header_values_are_accepted(fakes: InProcessFakes, fake: FakeGraph) -> None:
    as_bytes = {"Authorization": f"Bearer {TOKEN}".encode()}
    with fakes:
        answer = requests.post(fakes.url + MESSAGES_PATH, json=Bodies.text(), headers=as_bytes)
    assert answer.status_code == 200
    assert fake.attempts[0].accepted


def test_both_clients_are_refused_elsewhere_with_the_url(fakes: InProcessFakes) -> None:
    with fakes:
        with pytest.raises(requests.ConnectionError) as by_requests:
            requests.get(ELSEWHERE, timeout=5)
        with pytest.raises(httpx.ConnectError) as by_httpx:
            httpx.get(ELSEWHERE)
    for error in (by_requests.value, by_httpx.value):
        message = str(error)
        assert f"refused GET {ELSEWHERE}" in message
        assert "--allow-host api.example.com" in message
        assert "\n" not in message


def test_a_lookalike_host_is_not_the_fake(fakes: InProcessFakes, fake: FakeGraph) -> None:
    with fakes, pytest.raises(requests.ConnectionError, match="refused POST"):
        requests.post("https://graph.facebook.com.example.org" + MESSAGES_PATH, timeout=5)
    assert fake.attempts == []


def test_allowed_hosts_go_out_for_real(fake: FakeGraph, local_server: str) -> None:
    with InProcessFakes(fake, allow_hosts=["127.0.0.1"]):
        assert requests.get(local_server, timeout=5).text == "hello"
        assert httpx.get(local_server).text == "hello"
        with pytest.raises(httpx.ConnectError, match="refused"):
            httpx.get(local_server.replace("127.0.0.1", "localhost"))


def test_off_means_untouched_and_nesting_keeps_it_on(
    fakes: InProcessFakes, local_server: str
) -> None:
    assert requests.get(local_server, timeout=5).text == "hello"
    with fakes:
        with fakes:
            assert fakes.active
        assert fakes.active
        with pytest.raises(requests.ConnectionError, match="refused"):
            requests.get(local_server, timeout=5)
    assert not fakes.active
    assert requests.get(local_server, timeout=5).text == "hello"
    assert httpx.get(local_server).text == "hello"


def test_a_run_keeps_its_fakes_on_only_inside_checks_and_shows_what_it_refused(
    local_server: str,
) -> None:
    world = World(build_settings(env={}))
    world.open()
    try:
        assert world.target is not None
        assert requests.get(local_server, timeout=5).text == "hello"  # between checks
        with (
            CheckContext.opened(world, "ISO-001") as check,
            pytest.raises(requests.ConnectionError),
        ):
            requests.get(ELSEWHERE, timeout=5)
        assert requests.get(local_server, timeout=5).text == "hello"
    finally:
        world.close()
    (item,) = check.evidence
    assert item.step == "calls refused by the in-process fake"
    assert [f"refused GET {ELSEWHERE}" in line for line in item.calls] == [True]

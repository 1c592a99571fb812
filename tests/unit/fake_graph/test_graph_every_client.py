"""In-process runs: requests and httpx are answered without a socket, other clients over
the loopback URL the target is handed; both reach the one fake core."""

from __future__ import annotations

import json
import urllib.request

import httpx
import pytest
import requests
from graph_test_data import MESSAGES_PATH, TOKEN, Bodies

from harness.fake_graph import FakeGraph, LoopbackServer
from harness.fake_graph.in_process import InProcessFakes
from harness.settings import build_settings
from harness.world import World

AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}


def _urllib_post(url: str) -> int:
    body = json.dumps(Bodies.text()).encode()
    request = urllib.request.Request(url, data=body, headers=AUTH, method="POST")
    with urllib.request.urlopen(request, timeout=5) as answer:
        return int(answer.status)


def test_requests_and_httpx_to_the_loopback_url_never_open_a_socket(fake: FakeGraph) -> None:
    server = LoopbackServer(fake).start()
    url = server.url
    server.stop()  # nothing listens there any more: only an in-process answer can come
    with InProcessFakes(fake, [url]):
        by_requests = requests.post(url + MESSAGES_PATH, json=Bodies.text(), headers=AUTH)
        by_httpx = httpx.post(url + MESSAGES_PATH, json=Bodies.text(), headers=AUTH)
    assert (by_requests.status_code, by_httpx.status_code) == (200, 200)
    assert len(fake.attempts) == 2


def test_urllib_reaches_the_same_core_over_loopback_while_the_patches_are_on(
    fake: FakeGraph,
) -> None:
    server = LoopbackServer(fake).start()
    try:
        with InProcessFakes(fake, [server.url]):
            assert _urllib_post(server.url + MESSAGES_PATH) == 200
            requests.post(server.url + MESSAGES_PATH, json=Bodies.text(), headers=AUTH)
            # Other hosts stay refused for the patched clients.
            with pytest.raises(requests.ConnectionError, match="refused"):
                requests.get("https://api.example.com/", timeout=5)
    finally:
        server.stop()
    assert [a.status for a in fake.attempts] == [200, 200]


def test_an_in_process_run_answers_urllib_at_its_fake_url() -> None:
    run = World(build_settings(env={}))
    run.open()
    try:
        assert run.in_process is not None
        base = run.in_process.url
        assert base.startswith("http://127.0.0.1:")
        path = f"/v23.0/{run.settings.phone_number_id}/messages"
        body = json.dumps(Bodies.text()).encode()
        headers = {"Authorization": f"Bearer {run.settings.access_token}"}
        with run.fakes_active():
            request = urllib.request.Request(base + path, data=body, headers=headers)
            with urllib.request.urlopen(request, timeout=5) as answer:
                assert answer.status == 200
    finally:
        run.close()
    assert len(run.fake.attempts) == 1

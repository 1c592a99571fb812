"""HttpxGraph (httpx + respx) answers exactly like InProcessGraph, for sync and async clients."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import requests
from graph_test_data import MESSAGES_PATH, Bodies
from test_graph_transports import AUTH, make_fake, run_through, scripted_calls

from harness.fake_graph import FaultRule, HttpxGraph, InProcessGraph


def _httpx_answers(base_url: str) -> list[tuple[int, dict]]:
    with httpx.Client() as client:
        return [
            (r.status_code, r.json())
            for r in (
                client.request(method, base_url + path, headers=headers, content=body)
                for method, path, headers, body in scripted_calls()
            )
        ]


def test_httpx_and_requests_front_ends_answer_the_same() -> None:
    requests_fake, httpx_fake = make_fake(), make_fake()
    with InProcessGraph(requests_fake) as graph:
        via_requests = run_through(graph.url)
    with HttpxGraph(httpx_fake) as graph:
        via_httpx = _httpx_answers(graph.url)

    assert via_httpx == via_requests
    assert [a.to_dict() for a in httpx_fake.attempts] == [
        a.to_dict() for a in requests_fake.attempts
    ]


def test_async_clients_are_answered_too() -> None:
    fake = make_fake()

    async def send() -> httpx.Response:
        async with httpx.AsyncClient() as client:
            return await client.post(graph.url + MESSAGES_PATH, json=Bodies.text(), headers=AUTH)

    with HttpxGraph(fake) as graph:
        response = asyncio.run(send())
    assert response.status_code == 200
    assert response.json()["messages"][0]["id"].startswith("wamid.")
    assert len(fake.attempts) == 1


def test_no_answer_is_a_read_timeout_for_httpx() -> None:
    fake = make_fake()
    fake.clear_faults()
    fake.add_fault(FaultRule("no_answer", seconds=60))
    with HttpxGraph(fake) as graph, pytest.raises(httpx.ReadTimeout):
        httpx.post(graph.url + MESSAGES_PATH, json=Bodies.text(), headers=AUTH)
    assert fake.attempts[0].status == 0


def test_both_front_ends_can_share_one_fake() -> None:
    fake = make_fake()
    with InProcessGraph(fake) as graph, HttpxGraph(fake):
        requests.post(graph.url + MESSAGES_PATH, json=Bodies.text(), headers=AUTH, timeout=5)
        httpx.post(graph.url + MESSAGES_PATH, json=Bodies.text(), headers=AUTH)
    assert [a.status for a in fake.attempts] == [200, 200]

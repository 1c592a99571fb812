"""Real HTTP exchanges run on reused worker threads, and at the same time when asked to."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.wrappers import Request, Response

from harness.targets.transport import UrlTransport
from tests.loopback import serving

# Requests that must be in flight together before any is answered.
TOGETHER = 2


@pytest.fixture
def rendezvous() -> Iterator[str]:
    """A server answering 200 only once TOGETHER requests are open at once, else 503."""
    barrier = threading.Barrier(TOGETHER, timeout=5)

    @Request.application  # type: ignore[arg-type]
    def app(request: Request) -> Response:
        if request.path == "/together":
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                return Response("alone", status=503)
        return Response("ok")

    with serving(app) as url:
        yield url


def _workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "wa-harness-http"]


def test_requests_made_together_are_answered_together(rendezvous: str) -> None:
    transport = UrlTransport(rendezvous, timeout_s=5)
    statuses: list[Any] = []
    callers = [
        threading.Thread(
            target=lambda: statuses.append(transport.request("GET", "/together").status)
        )
        for _ in range(TOGETHER)
    ]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join(10)
    transport.close()
    assert statuses == [200] * TOGETHER


def test_requests_one_after_another_reuse_one_worker(rendezvous: str) -> None:
    before = set(_workers())
    transport = UrlTransport(rendezvous, timeout_s=5)
    for _ in range(5):
        assert transport.request("GET", "/").status == 200
    assert len(set(_workers()) - before) == 1
    transport.close()

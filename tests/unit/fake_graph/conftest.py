"""Fixtures for the fake Graph API tests: a frozen clock, a fake, and body builders."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from graph_test_data import MESSAGES_PATH, START, TOKEN, USER, Bodies

from harness.clock import Clock
from harness.fake_graph import FakeGraph, GraphReply


@pytest.fixture
def bodies() -> Bodies:
    return Bodies()


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def fake(clock: Clock) -> FakeGraph:
    """A fake whose test user has just written, so free-form sends are inside the window."""
    graph = FakeGraph(access_token=TOKEN, clock=clock, seed=7)
    graph.open_window(USER)
    return graph


Post = Callable[..., GraphReply]


@pytest.fixture
def post(fake: FakeGraph) -> Post:
    """Send one body to the fake's /messages route with the right token."""

    def send(
        body: Any, *, token: str | None = TOKEN, path: str = MESSAGES_PATH, method: str = "POST"
    ) -> GraphReply:
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return fake.handle(method, path, headers, raw)

    return send

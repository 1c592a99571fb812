"""Fixtures for the reference bot: a faked Graph API and a fresh app per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import responses

from harness.reference import create_app

from .support import CONFIG, MESSAGES_URL, Bot, accepted


@pytest.fixture
def graph() -> Iterator[responses.RequestsMock]:
    """A faked Graph API that accepts every message."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_callback(responses.POST, MESSAGES_URL, callback=accepted)
        yield mock


@pytest.fixture
def bot(graph: responses.RequestsMock) -> Bot:
    """A fresh app with live sending off (the configured default)."""
    return Bot(create_app(dict(CONFIG)), graph)


@pytest.fixture
def live_bot(graph: responses.RequestsMock) -> Bot:
    """A fresh app configured with WHATSAPP_ALLOW_LIVE_SEND=true."""
    return Bot(create_app({**CONFIG, "WHATSAPP_ALLOW_LIVE_SEND": "true"}), graph)

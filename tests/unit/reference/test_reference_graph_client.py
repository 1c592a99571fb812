"""The Graph client: the request it makes and how it reads Meta's answers."""

from __future__ import annotations

import json

import requests
import responses

from harness.reference.config import Settings
from harness.reference.graph_client import SEND_TIMEOUT_SECONDS, GraphClient

from .support import ACCESS_TOKEN, APP_SECRET, CONFIG, MESSAGES_URL

TEXT = {"type": "text", "text": {"body": "مرحباً", "preview_url": False}}


def client() -> GraphClient:
    return GraphClient(
        Settings.from_mapping({**CONFIG, "WHATSAPP_GRAPH_API_BASE": "http://graph.test/"})
    )


@responses.activate
def test_send_posts_the_full_body_with_the_bearer_token():
    responses.post(MESSAGES_URL, json={"messages": [{"id": "wamid.OK"}]})

    result = client().send("966500000002", TEXT)

    assert result.ok
    assert result.message_id == "wamid.OK"
    request = responses.calls[0].request
    assert request.url == MESSAGES_URL
    assert request.headers["Authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.body) == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "966500000002",
        **TEXT,
    }


def test_send_uses_a_ten_second_timeout(monkeypatch):
    seen = {}

    def fake_post(self, url, **kwargs):
        seen.update(kwargs)
        raise requests.ReadTimeout("slow")

    monkeypatch.setattr(requests.Session, "post", fake_post)

    result = client().send("966500000002", TEXT)

    assert seen["timeout"] == SEND_TIMEOUT_SECONDS == 10
    assert not result.ok
    assert result.error_code is None


@responses.activate
def test_a_refusal_carries_the_envelope_code_and_details():
    error = {
        "message": "(#131009) Parameter value is not valid",
        "type": "OAuthException",
        "code": 131009,
        "error_data": {"messaging_product": "whatsapp", "details": "Button title length invalid"},
        "fbtrace_id": "AbC",
    }
    responses.post(MESSAGES_URL, json={"error": error}, status=400)

    result = client().send("966500000002", TEXT)

    assert not result.ok
    assert result.error_code == 131009
    assert result.http_status == 400
    assert result.error_details == "Button title length invalid"


@responses.activate
def test_a_refusal_without_an_envelope_has_no_code():
    responses.post(MESSAGES_URL, body="<html>bad gateway</html>", status=502)

    result = client().send("966500000002", TEXT)

    assert not result.ok
    assert result.error_code is None
    assert result.error_message == "HTTP 502"


def test_secrets_stay_out_of_reprs():
    settings = Settings.from_mapping(CONFIG)

    for text in (repr(settings), repr(GraphClient(settings))):
        assert ACCESS_TOKEN not in text
        assert APP_SECRET not in text


def test_live_send_is_on_only_for_an_explicit_true():
    def flag(value):
        return Settings.from_mapping({**CONFIG, "WHATSAPP_ALLOW_LIVE_SEND": value}).allow_live_send

    assert all(flag(v) for v in ("true", "TRUE", " true ", True))
    assert not any(flag(v) for v in (None, "", "false", "1", "yes", "False"))

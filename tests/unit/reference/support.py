"""Test helpers for the reference bot: constants, signed webhooks, a driver over WSGI."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from typing import Any

import responses
from werkzeug.test import Client, TestResponse

from harness.reference.app import ReferenceApp

GRAPH_BASE = "http://graph.test"
PHONE_NUMBER_ID = "106540352242922"
MESSAGES_URL = f"{GRAPH_BASE}/v21.0/{PHONE_NUMBER_ID}/messages"
ACCESS_TOKEN = "test-access-token"
APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"

OPERATOR = "966500000001"
PROSPECT = "966500000002"
STRANGER = "966500000009"

CONFIG = {
    "WHATSAPP_GRAPH_API_BASE": GRAPH_BASE,
    "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
    "WHATSAPP_ACCESS_TOKEN": ACCESS_TOKEN,
    "WHATSAPP_APP_SECRET": APP_SECRET,
    "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
}

OPPORTUNITY = {
    "id": "opp-2024-رياض-7",
    "title": "توريد أجهزة",
    "company": "شركة الأفق",
    "summary": "طلب عرض سعر لتوريد ٢٠ جهازاً محمولاً قبل نهاية الشهر.",
    "prospect": {"name": "سارة", "wa_id": PROSPECT},
}


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    """The X-Hub-Signature-256 value Meta would send."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def envelope(messages: list[dict] | None = None, statuses: list[dict] | None = None) -> dict:
    """A one-entry, one-change Meta notification."""
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550001111", "phone_number_id": PHONE_NUMBER_ID},
    }
    if messages is not None:
        value["contacts"] = [{"profile": {"name": "Op"}, "wa_id": m["from"]} for m in messages]
        value["messages"] = messages
    if statuses is not None:
        value["statuses"] = statuses
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
    }


_message_ids = itertools.count(1)


def tap(reply_id: str, sender: str = OPERATOR, message_id: str | None = None) -> dict:
    """An inbound reply-button tap."""
    return {
        "context": {"from": "15550001111", "id": "wamid.card"},
        "from": sender,
        "id": message_id or f"wamid.tap{next(_message_ids)}",
        "timestamp": "1750000100",
        "type": "interactive",
        "interactive": {"type": "button_reply", "button_reply": {"id": reply_id, "title": "x"}},
    }


class Bot:
    """Drives one app over WSGI the way the harness would, and reads what reached Graph."""

    def __init__(self, app: ReferenceApp, graph: responses.RequestsMock) -> None:
        self.app = app
        self.client = Client(app)
        self.graph = graph

    def control(self, **command: Any) -> dict:
        response = self.client.post("/_harness/control", json=command)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    def post(self, payload: dict) -> TestResponse:
        body = json.dumps(payload).encode()
        return self.client.post(
            "/webhook",
            data=body,
            headers={"X-Hub-Signature-256": sign(body), "Content-Type": "application/json"},
        )

    def deliver(self, *messages: dict) -> None:
        response = self.post(envelope(messages=list(messages)))
        assert response.status_code == 200
        assert response.get_json() == {"status": "ok"}

    def sent(self) -> list[dict]:
        """JSON bodies of every request that reached the Graph API, in order."""
        return [json.loads(call.request.body) for call in self.graph.calls]

    def sent_to(self, wa_id: str) -> list[dict]:
        return [body for body in self.sent() if body["to"] == wa_id]

    def alerts(self) -> list[dict]:
        return self.control(command="alerts")["alerts"]

    def present(self, opportunity: dict = OPPORTUNITY, operator: str = OPERATOR) -> dict:
        return self.control(
            command="present_opportunity", operator=operator, opportunity=opportunity
        )


def accepted(request: Any) -> tuple[int, dict, str]:
    """The Graph API's success answer, with a fresh wamid."""
    body = json.loads(request.body)
    answer = {
        "messaging_product": "whatsapp",
        "contacts": [{"input": body["to"], "wa_id": body["to"]}],
        "messages": [{"id": f"wamid.out{next(_message_ids)}"}],
    }
    return 200, {}, json.dumps(answer)

"""Constants and body builders shared by the fake Graph API tests."""

from __future__ import annotations

import json
from typing import Any

TOKEN = "EAAG-test-token-not-real"
PHONE_ID = "106540352242922"
MESSAGES_PATH = f"/v21.0/{PHONE_ID}/messages"
USER = "15551230000"
START = 1_750_000_000.0


class Bodies:
    """Builders for valid /messages bodies; tests bend one field at a time."""

    @staticmethod
    def text(body: str = "Your table is ready.", to: str = "+" + USER) -> dict[str, Any]:
        return {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "text",
            "text": {"body": body},
        }

    @staticmethod
    def buttons(*titles: str, ids: list[str] | None = None, to: str = USER) -> dict[str, Any]:
        titles = titles or ("Confirm", "Reschedule", "Cancel")
        ids = ids or [f"btn:{i}" for i in range(len(titles))]
        return {
            "messaging_product": "whatsapp",
            "to": to,
            "type": "interactive",
            "interactive": {
                "type": "button",
                "header": {"type": "text", "text": "Booking #A12"},
                "body": {"text": "Confirm your slot for 9:00?"},
                "footer": {"text": "Reply within 1 hour"},
                "action": {
                    "buttons": [
                        {"type": "reply", "reply": {"id": i, "title": t}}
                        for i, t in zip(ids, titles, strict=True)
                    ]
                },
            },
        }

    @staticmethod
    def list_(*rows_per_section: int, to: str = USER) -> dict[str, Any]:
        counts = rows_per_section or (2, 1)
        sections = [
            {
                "title": f"Section {s}",
                "rows": [{"id": f"row:{s}:{r}", "title": f"Row {s}.{r}"} for r in range(count)],
            }
            for s, count in enumerate(counts)
        ]
        return {
            "messaging_product": "whatsapp",
            "to": to,
            "type": "interactive",
            "interactive": {
                "type": "list",
                "header": {"type": "text", "text": "Pick a slot"},
                "body": {"text": "Which time works?"},
                "action": {"button": "See times", "sections": sections},
            },
        }

    @staticmethod
    def template(to: str = USER) -> dict[str, Any]:
        return {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "template",
            "template": {
                "name": "booking_reminder",
                "language": {"code": "en_US"},
                "components": [
                    {"type": "body", "parameters": [{"type": "text", "text": "Ana"}]},
                    {
                        "type": "button",
                        "sub_type": "quick_reply",
                        "index": "0",
                        "parameters": [{"type": "payload", "payload": "confirm:A12"}],
                    },
                ],
            },
        }

    @staticmethod
    def mark_read() -> dict[str, Any]:
        return {"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.AAA="}


def send(graph: Any, body: Any, *, token: str = TOKEN, path: str = "") -> Any:
    """POST ``body`` to ``graph.handle`` as a client with ``token`` would."""
    headers = {"Authorization": f"Bearer {token}"}
    return graph.handle("POST", path or MESSAGES_PATH, headers, json.dumps(body).encode())

"""``POST /_harness/inbound``: a user's tap or text, delivered signed as Meta delivers it."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from harness.errors import UsageError
from harness.fake_graph.core import FakeGraph
from harness.webhooks.delivery import Delivery, WebhookClient
from harness.webhooks.notifications import NotificationFactory

KINDS = ("button_reply", "list_reply", "text")
_FIELDS = {
    "button_reply": ("id", "title"),
    "list_reply": ("id", "title"),
    "text": ("body",),
}
_OPTIONAL = ("context_id", "name", "description", "legacy")


class Inbound:
    """Builds inbound messages with the checks' factory and posts them with their client.

    The sender's 24-hour window opens first, as it does on WhatsApp when a user writes.
    """

    def __init__(
        self, fake: FakeGraph, client: WebhookClient, factory: NotificationFactory | None = None
    ) -> None:
        self.fake = fake
        self.client = client
        self.factory = factory or NotificationFactory(business=fake.business, clock=fake.clock)
        self._lock = threading.Lock()

    def notification(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The notification Meta would send for ``data``; bad input is a UsageError."""
        kind = data.get("type")
        if kind not in KINDS:
            raise UsageError(f'"type" must be one of {", ".join(KINDS)}, not {kind!r}')
        required = ("from", *_FIELDS[kind])
        unknown = sorted(set(data) - {"type", *required, *_OPTIONAL})
        if unknown:
            raise UsageError(f"unknown field(s) {', '.join(unknown)} for a {kind}")
        for name in required:
            if not isinstance(data.get(name), str) or not data[name]:
                raise UsageError(f'a {kind} needs "{name}" as a non-empty string')
        for name in ("context_id", "name", "description"):
            if name in data and not isinstance(data[name], str):
                raise UsageError(f'"{name}" must be a string')
        if "legacy" in data and not isinstance(data["legacy"], bool):
            raise UsageError('"legacy" must be true or false')
        options = {k: data[k] for k in ("context_id", "name", "legacy") if k in data}
        sender = data["from"]
        with self._lock:
            if kind == "text":
                return self.factory.text(from_wa_id=sender, body=data["body"], **options)
            if kind == "list_reply":
                return self.factory.list_reply(
                    from_wa_id=sender,
                    reply_id=data["id"],
                    title=data["title"],
                    description=data.get("description"),
                    **options,
                )
            return self.factory.button_reply(
                from_wa_id=sender, reply_id=data["id"], title=data["title"], **options
            )

    def deliver(self, data: Mapping[str, Any]) -> tuple[dict[str, Any], Delivery]:
        """Build, then post; answers both halves."""
        notification = self.notification(data)
        return notification, self.post(notification)

    def post(self, notification: Mapping[str, Any]) -> Delivery:
        """Open each sender's window, then sign and POST ``notification`` as Meta would."""
        for message in first_value(notification).get("messages") or []:
            self.fake.open_window(str(message["from"]))
        return self.client.post(notification)

    def answer(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The JSON answer of the route: the message id, and how the webhook answered."""
        notification, delivery = self.deliver(data)
        message = first_value(notification)["messages"][0]
        return {
            "message_id": message["id"],
            "webhook_status": delivery.answer.status,
            "notification": notification,
        }


def first_value(notification: Mapping[str, Any]) -> Mapping[str, Any]:
    """The ``value`` of the first change: where a built notification keeps its message."""
    value: Mapping[str, Any] = notification["entry"][0]["changes"][0]["value"]
    return value

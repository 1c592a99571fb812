"""A clean implementation that sends with httpx instead of requests (no defect).

Graded in-process, its sends must reach the fake Graph API through the httpx front end
(respx), as pywa-style implementations do.
"""

from __future__ import annotations

from typing import Any

import httpx

from harness.reference.graph_client import (
    SEND_TIMEOUT_SECONDS,
    GraphClient,
    SendResult,
    _message_id,
    _refusal,
)
from harness.reference.records import is_user_id

from . import _base
from ._base import build_draft_card, build_opportunity_card, parse_button_reply

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]


class HttpxGraphClient(GraphClient):
    def send(self, to: str, message: dict[str, Any]) -> SendResult:
        field = "recipient" if is_user_id(to) else "to"  # a BSUID goes in "recipient"
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", field: to}
        body.update(message)
        headers = {"Authorization": f"Bearer {self._settings.access_token}"}
        try:
            response = httpx.post(
                self.messages_url, json=body, headers=headers, timeout=SEND_TIMEOUT_SECONDS
            )
        except httpx.HTTPError as exc:
            return SendResult(ok=False, error_message=f"network error: {type(exc).__name__}")
        if not response.is_success:
            # The reference's readers only use .json() and .status_code, which httpx has too.
            return _refusal(response)  # type: ignore[arg-type]
        return SendResult(ok=True, message_id=_message_id(response))  # type: ignore[arg-type]


create_app, control = _base.interface(client_class=HttpxGraphClient)

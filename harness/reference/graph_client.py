"""Sending messages through the Graph API ``/{phone_number_id}/messages`` endpoint."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import requests

from .config import GRAPH_API_VERSION, Settings
from .records import is_user_id

log = logging.getLogger(__name__)

SEND_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class SendResult:
    """The outcome of one send: accepted by Meta, refused with an error code, or unknown."""

    ok: bool
    message_id: str | None = None
    error_code: int | None = None
    error_message: str = ""
    error_details: str = ""
    http_status: int | None = None


def coerce_error_code(value: Any) -> int | None:
    """Meta's integer error code; anything else is no code at all."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _refusal(response: requests.Response) -> SendResult:
    """A SendResult for a non-2xx answer, keyed on the envelope's ``error.code`` as Meta advises."""
    try:
        payload = response.json()
    except ValueError:
        payload = None
    error = payload.get("error") if isinstance(payload, dict) else None
    if not isinstance(error, dict):
        error = {}
    error_data = error.get("error_data")
    details = error_data.get("details") if isinstance(error_data, dict) else None
    message = error.get("message")
    return SendResult(
        ok=False,
        error_code=coerce_error_code(error.get("code")),
        error_message=message if isinstance(message, str) else f"HTTP {response.status_code}",
        error_details=details if isinstance(details, str) else "",
        http_status=response.status_code,
    )


def _message_id(response: requests.Response) -> str | None:
    """The wamid of an accepted message, if the answer carries one."""
    try:
        payload = response.json()
    except ValueError:
        return None
    messages = payload.get("messages") if isinstance(payload, dict) else None
    if isinstance(messages, list) and messages and isinstance(messages[0], dict):
        message_id = messages[0].get("id")
        return message_id if isinstance(message_id, str) else None
    return None


class GraphClient:
    """A thin Cloud API client: one POST per message, never a retry (callers raise alerts)."""

    def __init__(self, settings: Settings, session: requests.Session | None = None) -> None:
        """Bind the client to one phone number id and token."""
        self._settings = settings
        self._session = session or requests.Session()

    @property
    def messages_url(self) -> str:
        """``{base}/{version}/{phone_number_id}/messages``."""
        base = self._settings.graph_api_base
        return f"{base}/{GRAPH_API_VERSION}/{self._settings.phone_number_id}/messages"

    def __repr__(self) -> str:
        """Only the URL: the token must never reach a log line."""
        return f"GraphClient({self.messages_url!r})"

    def send(self, to: str, message: dict[str, Any]) -> SendResult:
        """POST one message (the partial ``{"type": …}`` form) to ``to``.

        A phone number goes in ``to``; a business-scoped user id (a user whose phone may not
        be shown) in ``recipient``, as the Cloud API takes it since May 2026.
        """
        field = "recipient" if is_user_id(to) else "to"
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", field: to}
        body.update(message)
        headers = {"Authorization": f"Bearer {self._settings.access_token}"}
        try:
            response = self._session.post(
                self.messages_url, json=body, headers=headers, timeout=SEND_TIMEOUT_SECONDS
            )
        except requests.RequestException as exc:
            # Log the exception class only: its text can echo request details.
            log.warning("send of %s to %s failed: %s", body.get("type"), to, type(exc).__name__)
            return SendResult(ok=False, error_message=f"network error: {type(exc).__name__}")
        if not response.ok:
            result = _refusal(response)
            log.warning("Graph API refused a send to %s: code %s", to, result.error_code)
            return result
        return SendResult(
            ok=True, message_id=_message_id(response), http_status=response.status_code
        )

"""Meta's answers to an accepted /messages call (the error envelope is in ``cloud_api``)."""

from __future__ import annotations

from typing import Any

from harness.fake_graph.recipients import Addressee


def success_body(addressee: Addressee, wamid: str, *, template: bool) -> dict[str, Any]:
    """HTTP 200 for an accepted send; ``message_status`` appears for templates only.

    A phone send (or one naming both ``to`` and ``recipient``) is echoed as ``{input,
    wa_id}``; a BSUID send as ``{input, user_id}``, with no ``wa_id`` (M-BSUID, "Send
    message response").
    """
    message: dict[str, Any] = {"id": wamid}
    if template:
        message["message_status"] = "accepted"
    id_field = "wa_id" if addressee.field == "to" else "user_id"
    return {
        "messaging_product": "whatsapp",
        "contacts": [{"input": addressee.given, id_field: addressee.key}],
        "messages": [message],
    }


def read_receipt_body() -> dict[str, Any]:
    """HTTP 200 for a mark-as-read (or typing indicator) call."""
    return {"success": True}

"""Meta's response envelopes and status objects, built from the error catalogue."""

from __future__ import annotations

from typing import Any

from harness.fake_graph.catalogue import ErrorSpec, load_catalogue
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


def error_body(
    spec: ErrorSpec, *, fbtrace_id: str, details: str | None = None, **fields: str
) -> dict[str, Any]:
    """The Graph error envelope; ``fields`` fill the catalogue's message template."""
    error: dict[str, Any] = {
        "message": spec.message_text(details=details or spec.details or spec.title, **fields),
        "type": spec.type,
        "code": spec.code,
    }
    if spec.error_subcode is not None:
        error["error_subcode"] = spec.error_subcode
    if spec.is_transient is not None:
        error["is_transient"] = spec.is_transient
    if spec.error_data:
        error["error_data"] = {
            "messaging_product": "whatsapp",
            "details": details or spec.details or spec.title,
        }
    error["fbtrace_id"] = fbtrace_id
    return {"error": error}


def failed_status(
    spec: ErrorSpec,
    *,
    wamid: str,
    recipient_id: str,
    timestamp: str,
    details: str | None = None,
    biz_opaque_callback_data: str | None = None,
) -> dict[str, Any]:
    """A ``statuses[]`` item with ``status: failed``: no ``type`` or ``fbtrace_id`` here."""
    status: dict[str, Any] = {
        "id": wamid,
        "status": "failed",
        "timestamp": timestamp,
        "recipient_id": recipient_id,
    }
    if biz_opaque_callback_data is not None:
        status["biz_opaque_callback_data"] = biz_opaque_callback_data
    status["errors"] = [status_error_object(spec, details=details)]
    return status


def status_error_object(spec: ErrorSpec, *, details: str | None = None) -> dict[str, Any]:
    """One ``statuses[].errors[]`` item: code, title twice, details, href; no type or trace."""
    return {
        "code": spec.code,
        "title": spec.title,
        "message": spec.title,
        "error_data": {"details": details or spec.details or spec.title},
        "href": load_catalogue().href,
    }


def progress_status(
    status: str,
    *,
    wamid: str,
    recipient_id: str,
    timestamp: str,
    template: bool,
    biz_opaque_callback_data: str | None = None,
) -> dict[str, Any]:
    """A ``sent``/``delivered``/``read`` item; ``pricing`` rides on ``sent`` only."""
    item: dict[str, Any] = {
        "id": wamid,
        "status": status,
        "timestamp": timestamp,
        "recipient_id": recipient_id,
    }
    if biz_opaque_callback_data is not None:
        item["biz_opaque_callback_data"] = biz_opaque_callback_data
    if status == "sent":
        item["pricing"] = _pricing(template=template)
    return item


def _pricing(*, template: bool) -> dict[str, Any]:
    # Free-form replies only exist inside the customer-service window, which makes them free;
    # the fake does not know a template's category, so it reports the commonest (utility).
    if template:
        return {"billable": True, "pricing_model": "PMP", "type": "regular", "category": "utility"}
    return {
        "billable": False,
        "pricing_model": "PMP",
        "type": "free_customer_service",
        "category": "service",
    }

"""Notifications without a sender's contact: system messages, ``value.errors``, and
``user_id_update`` (M-SYS, M-BSUID, M-ERRWH; docs/cloud-api.md)."""

from __future__ import annotations

from typing import Any

from harness.cloud_api.catalogue import load_catalogue

# Meta's webhook examples give the error page as a relative path (M-ERRWH, M-BSUID).
RELATIVE_ERROR_HREF = "/documentation/business-messaging/whatsapp/support/error-codes"
SYSTEM_TYPES = ("user_changed_user_id", "user_changed_number")


def system_message(
    *,
    system_type: str,
    message_id: str,
    timestamp: str,
    old_wa_id: str | None,
    old_user_id: str | None,
    new_wa_id: str | None,
    new_user_id: str | None,
    name: str,
) -> dict[str, Any]:
    """A ``messages[]`` item of type ``system``: a phone number (and with it the BSUID) changed.

    ``user_changed_user_id`` (M-BSUID, May 2026) names the new BSUID and, when it may be
    shown, the new phone; ``user_changed_number`` is the older form still on Meta's system
    reference page (M-SYS). Such a value carries no ``contacts``.
    """
    if system_type not in SYSTEM_TYPES:
        raise ValueError(f"system type {system_type!r} is not one of: {', '.join(SYSTEM_TYPES)}")
    item: dict[str, Any] = {}
    if old_wa_id is not None:
        item["from"] = old_wa_id
    if old_user_id is not None:
        item["from_user_id"] = old_user_id
    item.update(id=message_id, timestamp=timestamp, type="system")
    if system_type == "user_changed_user_id":
        body = f"User {name} changed from {old_user_id} to {new_user_id}"
        system: dict[str, Any] = {"body": body, "user_id": new_user_id}
        if new_wa_id is not None:
            system["wa_id"] = new_wa_id
    else:
        body = f"{name} changed from {old_wa_id} to {new_wa_id}"
        system = {"body": body, "wa_id": new_wa_id}
    system["type"] = system_type
    item["system"] = system
    return item


def value_error(code: int | str) -> dict[str, Any]:
    """One ``value.errors[]`` item: an app- or system-level failure (M-ERRWH, 130429)."""
    spec = load_catalogue().get(code)
    return {
        "code": spec.code,
        "title": spec.title,
        "message": f"(#{spec.code}) {spec.title}",
        "error_data": {"details": spec.details or spec.title},
        "href": RELATIVE_ERROR_HREF,
    }


def user_id_update(
    *, wa_id: str | None, previous: str, current: str, timestamp: str
) -> dict[str, Any]:
    """One ``value.user_id_update[]`` item: a user's BSUID was rotated (M-BSUID)."""
    item: dict[str, Any] = {}
    if wa_id is not None:
        item["wa_id"] = wa_id
    item["detail"] = "User ID updated"
    item["user_id"] = {"previous": previous, "current": current}
    item["timestamp"] = timestamp
    return item

"""``contacts[]`` items: who a notification is about, in each shape Meta is seen to send.

Key order follows real bodies: ``profile``, ``wa_id``, ``user_id`` (CAP-A, CAP-B). Sources
for every variant are in docs/cloud-api.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any


class StatusContacts(StrEnum):
    """Which ``contacts`` a sent/delivered/read status carries (sources disagree)."""

    BARE = "bare"  # [{wa_id, user_id}]: real captures, Apr-May 2026 (CAP-A, pywa#188)
    PROFILE = "profile"  # [{profile:{name}, wa_id, user_id}]: Meta's documentation (M-BSUID)
    NONE = "none"  # no contacts: the legacy shape, before April 2026


class FailedContacts(StrEnum):
    """Which ``contacts`` a failed status carries (sources disagree)."""

    NONE = "none"  # omitted: Meta's documentation (M-BSUID failed example)
    WA_ID_ONLY = "wa_id_only"  # [{wa_id}]: a real 131026 capture, Aug 2026 (pywa#227)


def contact(
    *,
    wa_id: str | None,
    user_id: str | None,
    name: str | None = None,
    username: str | None = None,
    parent_user_id: str | None = None,
) -> dict[str, Any]:
    """One ``contacts[]`` item; a field left as None is absent, as Meta omits it.

    A username-only user whose phone may not be shown has no ``wa_id`` (M-BSUID, "Phone
    numbers"; CAP-C).
    """
    item: dict[str, Any] = {}
    profile = {k: v for k, v in (("name", name), ("username", username)) if v is not None}
    if profile:
        item["profile"] = profile
    if wa_id is not None:
        item["wa_id"] = wa_id
    if user_id is not None:
        item["user_id"] = user_id
    if parent_user_id is not None:
        item["parent_user_id"] = parent_user_id
    return item


def status_contacts(
    status: str,
    shape: StatusContacts | FailedContacts | str,
    *,
    wa_id: str | None,
    user_id: str | None,
    name: str | None = None,
) -> list[dict[str, Any]] | None:
    """The ``value.contacts`` of a status notification in ``shape``, or None for none."""
    if status == "failed":
        if FailedContacts(shape) is FailedContacts.WA_ID_ONLY and wa_id is not None:
            return [{"wa_id": wa_id}]
        return None
    chosen = StatusContacts(shape)
    if chosen is StatusContacts.NONE:
        return None
    shown_name = name if chosen is StatusContacts.PROFILE else None
    return [contact(wa_id=wa_id, user_id=user_id, name=shown_name)]


def senders(notification: Mapping[str, Any]) -> list[tuple[str | None, str | None]]:
    """(``from``, ``from_user_id``) of each message: a username-only user has no ``from``."""
    found = []
    for entry in notification.get("entry") or []:
        for change in (entry or {}).get("changes") or []:
            value = (change or {}).get("value") or {}
            found += [
                (m.get("from"), m.get("from_user_id"))
                for m in value.get("messages") or []
                if isinstance(m, dict) and (m.get("from") or m.get("from_user_id"))
            ]
    return found

"""Several notifications in one POST body, merged the three ways Meta's docs allow."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from harness.errors import UsageError


class BatchShape(StrEnum):
    """How ``NotificationFactory.batch`` merges several notifications into one POST."""

    ENTRIES = "entries"  # one entry per notification
    CHANGES = "changes"  # one entry, one change per notification
    ITEMS = "items"  # one value: contacts, messages and statuses side by side


def merge_notifications(
    notifications: Iterable[Mapping[str, Any]], *, shape: BatchShape = BatchShape.ENTRIES
) -> dict[str, Any]:
    """Merge notifications into one envelope: by entries, by changes, or into one value."""
    shape = BatchShape(shape)
    parts = [copy.deepcopy(dict(n)) for n in notifications]
    if not parts:
        raise UsageError("batch needs at least one notification")
    entries = [entry for part in parts for entry in part["entry"]]
    if shape is BatchShape.ENTRIES:
        return {"object": "whatsapp_business_account", "entry": entries}
    _require_same(entries, key=lambda e: e["id"], what="WABA id (entry.id)")
    changes = [change for entry in entries for change in entry["changes"]]
    if shape is BatchShape.CHANGES:
        entry = {"id": entries[0]["id"], "changes": changes}
        return {"object": "whatsapp_business_account", "entry": [entry]}
    _require_same(changes, key=lambda c: c["field"], what="change field")
    _require_same(changes, key=lambda c: c["value"]["metadata"], what="metadata")
    value = _merge_values([change["value"] for change in changes])
    change = {"value": value, "field": changes[0]["field"]}
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": entries[0]["id"], "changes": [change]}],
    }


def _merge_values(values: list[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {
        "messaging_product": values[0]["messaging_product"],
        "metadata": values[0]["metadata"],
    }
    contacts: dict[str, dict[str, Any]] = {}
    for value in values:
        for contact in value.get("contacts", []):
            # One contact per sender, as Meta lists each user once per value; a
            # username-only user has no wa_id, only a user_id. The merged contact keeps
            # every field any part gave that sender: a message's contact carries
            # ``profile``, a status's may not, and Meta sends a message with its profile.
            key = contact.get("wa_id") or contact.get("user_id", "")
            merged_contact = contacts.setdefault(key, {})
            for name, field in contact.items():
                if isinstance(field, dict) and isinstance(merged_contact.get(name), dict):
                    merged_contact[name] = {**field, **merged_contact[name]}
                else:
                    merged_contact.setdefault(name, field)
    if contacts:
        merged["contacts"] = list(contacts.values())
    for key in ("messages", "statuses", "errors"):
        items = [item for value in values for item in value.get(key, [])]
        if items:
            merged[key] = items
    return merged


def _require_same(items: list[dict[str, Any]], *, key: Any, what: str) -> None:
    if any(key(item) != key(items[0]) for item in items[1:]):
        raise UsageError(f"cannot merge notifications with different {what}; use shape='entries'")

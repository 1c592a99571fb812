"""Walking a Meta webhook envelope: every entry, change, message, status and error."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Event:
    """One item of a ``value``: kind is ``message``, ``status`` or ``error``."""

    kind: str
    item: dict[str, Any]
    value: dict[str, Any]


def _dicts(value: Any) -> list[dict[str, Any]]:
    """The dict elements of a list; Meta may batch, and junk must not stop the rest."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def iter_events(payload: Any) -> Iterator[Event]:
    """Every message, status and error of every change of every entry, in order."""
    if not isinstance(payload, dict):
        return
    for entry in _dicts(payload.get("entry")):
        for change in _dicts(entry.get("changes")):
            value = change.get("value")
            if not isinstance(value, dict):
                continue
            for kind, key in (("message", "messages"), ("status", "statuses"), ("error", "errors")):
                for item in _dicts(value.get(key)):
                    yield Event(kind, item, value)

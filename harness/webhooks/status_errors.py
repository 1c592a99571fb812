"""Canned error objects for ``failed`` status webhooks, read from ``data/status_errors.json``."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from harness.errors import UsageError

_CATALOG = Path(__file__).parent / "data" / "status_errors.json"


def status_error(code: int) -> dict[str, Any]:
    """The error object Meta puts in ``statuses[].errors`` for ``code``."""
    catalog = _catalog()
    entry = catalog["errors"].get(str(code))
    if entry is None:
        known = ", ".join(sorted(catalog["errors"]))
        raise UsageError(
            f"no canned error text for code {code}; pass the error object as a dict, "
            f"or use one of: {known}"
        )
    return {
        "code": code,
        "title": entry["title"],
        "message": entry["title"],
        "error_data": {"details": entry["details"]},
        "href": catalog["href"],
    }


def known_codes() -> list[int]:
    """Codes with canned texts, ascending."""
    return sorted(int(code) for code in _catalog()["errors"])


@cache
def _catalog() -> dict[str, Any]:
    # Read once: the file is package data and never changes while the harness runs.
    return json.loads(_CATALOG.read_text(encoding="utf-8"))

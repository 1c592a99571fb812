"""Serialise notifications to the exact bytes Meta puts on the wire."""

from __future__ import annotations

import json
from typing import Any


def meta_json_bytes(payload: Any) -> bytes:
    r"""Compact JSON, non-ASCII as lowercase ``\uXXXX`` and ``/`` as ``\/``, as Meta sends it.

    Implementations that re-serialise before verifying the signature break on exactly
    these escapes, which is why the harness reproduces them.
    """
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=True)
    # "/" only ever occurs inside JSON strings, so escaping it cannot change the document.
    return text.replace("/", "\\/").encode("ascii")


def reordered_json_bytes(payload: Any) -> bytes:
    """The same JSON document as ``meta_json_bytes`` in other bytes: keys in reverse order
    and spaces after separators, escaped as Meta escapes.

    A redelivery need not repeat the bytes of the first delivery, so deduplication keyed
    on the body (a hash of it) instead of the message id lets it through.
    """
    text = json.dumps(_reversed_keys(payload), separators=(", ", ": "), ensure_ascii=True)
    return text.replace("/", "\\/").encode("ascii")


def _reversed_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _reversed_keys(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [_reversed_keys(item) for item in value]
    return value

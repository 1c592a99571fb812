"""Turning check evidence into plain JSON data, and that data into readable text."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

# A run of right-to-left script, with the spaces and marks between its words. Isolating it
# keeps "«مرحباً» -> 200" in order: unisolated, the digits join the Arabic run and jump.
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
RTL_RUN = re.compile(f"[{_RTL}](?:[^A-Za-z0-9«»\\[\\]|<>(){{}}\"'\\n]*[{_RTL}])?")


def to_jsonable(value: Any) -> Any:
    """Return a JSON-safe copy of evidence: str keys, lists, strings, finite numbers."""
    # Done before redaction, so odd objects become strings the redactor then sees.
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        # NaN and infinity have no JSON spelling; json.dumps would emit invalid JSON.
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, Mapping):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(item) for item in value]
    return str(value)


def pretty(value: Any) -> str:
    """Indented JSON for people, keeping Arabic and other scripts as written."""
    return json.dumps(value, ensure_ascii=False, indent=2)

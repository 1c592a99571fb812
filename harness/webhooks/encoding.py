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

"""Checking ``X-Hub-Signature-256`` over the raw request bytes."""

from __future__ import annotations

import hashlib
import hmac
from enum import Enum

SIGNATURE_HEADER = "X-Hub-Signature-256"
_PREFIX = "sha256="


class Signature(Enum):
    """Whether a webhook POST is signed, and correctly."""

    MISSING = "missing"
    INVALID = "invalid"
    VALID = "valid"


def expected_signature(body: bytes, app_secret: str) -> str:
    """The header value Meta computes for ``body``: lowercase hex HMAC-SHA256."""
    return _PREFIX + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def check_signature(body: bytes, header: str | None, app_secret: str) -> Signature:
    """Compare in constant time; re-serialised JSON would not match Meta's bytes, raw ones do."""
    if not header:
        return Signature.MISSING
    provided = header.strip()
    if not provided.lower().startswith(_PREFIX):
        return Signature.INVALID
    provided = _PREFIX + provided[len(_PREFIX) :].lower()
    expected = expected_signature(body, app_secret)
    ok = hmac.compare_digest(expected.encode(), provided.encode("utf-8", "replace"))
    return Signature.VALID if ok else Signature.INVALID

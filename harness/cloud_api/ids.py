"""Deterministic look-alikes of Meta's ids: message ids (wamid), BSUIDs and trace ids."""

from __future__ import annotations

import base64
import hashlib
import itertools
import threading

# BSUIDs start with the user's country, e.g. "US.13491208655302741918" (facts sheet 10.2).
_COUNTRY_BY_CALLING_CODE = (("966", "SA"), ("971", "AE"), ("20", "EG"), ("1", "US"))


def wamid(*, seed: int, counter: int, wa_id: str) -> str:
    """A ``wamid.`` id shaped like Meta's: base64 of the user's number and a hex message key."""
    key = _digest(f"wamid:{seed}:{counter}:{wa_id}")[:18].upper()
    # Real wamids are base64 of a small protobuf holding the number and an 18-character key
    # (facts 2.1 sample "wamid.HBgL..."); copying the framing keeps prefix-sniffing parsers happy.
    # The number field holds digits only; anything else a caller passes is kept out of it.
    number = "".join(ch for ch in wa_id if ch.isascii() and ch.isdigit())[:32].encode("ascii")
    raw = b"\x1c\x18" + bytes([len(number)]) + number + b"\x15\x02\x00\x11\x18\x12"
    raw += key.encode("ascii") + b"\x00"
    return "wamid." + base64.b64encode(raw).decode("ascii")


def user_id(*, seed: int, wa_id: str) -> str:
    """A stable BSUID-like ``user_id`` for ``wa_id``: country code, a dot, 20 digits."""
    country = next((c for code, c in _COUNTRY_BY_CALLING_CODE if wa_id.startswith(code)), "SA")
    digits = str(int(_digest(f"user_id:{seed}:{wa_id}"), 16))[:20].rjust(20, "0")
    return f"{country}.{digits}"


def derived_seed(seed: int, *parts: object) -> int:
    """A 64-bit seed for one named draw, so results do not depend on call order."""
    return int(_digest(":".join(map(str, (seed, *parts))))[:16], 16)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class IdSource:
    """Hands out ids derived from ``seed`` and a per-kind counter, so runs are repeatable."""

    def __init__(self, seed: int = 0) -> None:
        self._seed = seed
        self._lock = threading.Lock()
        self._counters: dict[str, itertools.count[int]] = {}

    def _digest(self, kind: str, size: int) -> bytes:
        with self._lock:
            number = next(self._counters.setdefault(kind, itertools.count(1)))
        return hashlib.sha256(f"{kind}:{self._seed}:{number}".encode()).digest()[:size]

    def wamid(self) -> str:
        """A ``wamid.`` id shaped like Meta's: standard base64 text after the prefix."""
        return "wamid." + base64.b64encode(self._digest("wamid", 33)).decode("ascii")

    def fbtrace_id(self) -> str:
        """A 23-character URL-safe trace id, like the ones Graph errors carry."""
        return base64.urlsafe_b64encode(self._digest("fbtrace", 17)).decode("ascii").rstrip("=")

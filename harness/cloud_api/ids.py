"""Deterministic look-alikes of Meta's ids: message ids (wamid), BSUIDs and trace ids."""

from __future__ import annotations

import base64
import hashlib
import itertools
import threading

# BSUIDs start with the user's country (M-BSUID), e.g. "PE.96771234567890".
_COUNTRY_BY_CALLING_CODE = (("966", "SA"), ("971", "AE"), ("20", "EG"), ("1", "US"))


def wamid(*, seed: int, counter: int, wa_id: str, kind: str = "wamid") -> str:
    """A ``wamid.`` id shaped like Meta's: base64 of the user's number and a hex message key.

    ``kind`` keeps ids of different sources (inbound messages, the fake's sends) apart.
    """
    key = _digest(f"{kind}:{seed}:{counter}:{wa_id}")[:18].upper()
    # Real wamids are base64 of a small protobuf holding the number and an 18-character key
    # (facts 2.1 sample "wamid.HBgL..."); copying the framing keeps prefix-sniffing parsers happy.
    # The number field holds digits only; anything else a caller passes is kept out of it.
    number = "".join(ch for ch in wa_id if ch.isascii() and ch.isdigit())[:32].encode("ascii")
    raw = b"\x1c\x18" + bytes([len(number)]) + number + b"\x15\x02\x00\x11\x18\x12"
    raw += key.encode("ascii") + b"\x00"
    return "wamid." + base64.b64encode(raw).decode("ascii")


def user_id(*, seed: int, wa_id: str) -> str:
    """A stable BSUID for ``wa_id`` shaped like the real ones: country code, a dot, 15 or 16
    digits (``PE.9677…``, ``CO.1745…`` in 2026 captures; M-BSUID allows up to 128
    alphanumerics, docs/cloud-api.md)."""
    digest = _digest(f"user_id:{seed}:{wa_id}")
    size = 15 + int(digest[0], 16) % 2
    return f"{_country(wa_id)}.{_digits(digest, size)}"


def parent_user_id(*, seed: int, wa_id: str) -> str:
    """A parent BSUID (managed businesses): ``ENT`` between country and digits (M-BSUID)."""
    digest = _digest(f"parent_user_id:{seed}:{wa_id}")
    return f"{_country(wa_id)}.ENT.{_digits(digest, 20)}"


def _country(wa_id: str) -> str:
    return next((c for code, c in _COUNTRY_BY_CALLING_CODE if wa_id.startswith(code)), "SA")


def _digits(digest: str, size: int) -> str:
    # No leading zero: real BSUIDs seen so far start with a non-zero digit.
    number = str(int(digest, 16))
    return str(1 + int(number[0]) % 9) + number[1:size]


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

    def wamid(self, wa_id: str = "") -> str:
        """A ``wamid.`` for a message to ``wa_id``, framed like those in webhooks (``HBg…``)."""
        with self._lock:
            number = next(self._counters.setdefault("wamid", itertools.count(1)))
        return wamid(seed=self._seed, counter=number, wa_id=wa_id, kind="sent")

    def fbtrace_id(self) -> str:
        """A 23-character URL-safe trace id, like the ones Graph errors carry."""
        return base64.urlsafe_b64encode(self._digest("fbtrace", 17)).decode("ascii").rstrip("=")

"""Deterministic message (wamid) and trace (fbtrace_id) ids: same seed, same ids."""

from __future__ import annotations

import base64
import hashlib
import itertools
import threading


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

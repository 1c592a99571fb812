"""A controllable clock, so 24-hour windows expire without waiting."""

from __future__ import annotations

import threading
import time


class Clock:
    """Unix time in seconds that moves only when advanced (frozen) or with the wall clock."""

    def __init__(self, start: float | None = None, *, frozen: bool = True) -> None:
        self._frozen = frozen
        self._start = float(start if start is not None else int(time.time()))
        self._wall_at_start = time.time()
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            moved = 0.0 if self._frozen else time.time() - self._wall_at_start
            return self._start + moved + self._offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the clock only moves forward; pass a positive number of seconds")
        with self._lock:
            self._offset += seconds

    def timestamp(self) -> str:
        """Now as Meta writes timestamps: a string of whole Unix seconds."""
        return str(int(self.now()))

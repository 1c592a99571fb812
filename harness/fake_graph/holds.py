"""Delayed answers that whoever asked for the delay may end sooner."""

from __future__ import annotations

import threading


class Holds:
    """The delays the fake's answers are in; ``release`` ends those running now."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._released = threading.Event()

    def pause(self, seconds: float) -> None:
        """Wait ``seconds``, or until ``release`` is called."""
        if seconds <= 0:
            return
        with self._lock:
            released = self._released
        released.wait(seconds)

    def release(self) -> None:
        """End every delay running now; later ones run in full."""
        with self._lock:
            self._released.set()
            self._released = threading.Event()

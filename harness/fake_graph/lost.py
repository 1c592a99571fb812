"""``LostWork``: errors raised on the fake's background paths, kept for the run to report.

A listener that fails while recording a send, or a delivery thread that fails, means the
harness did not see something it judges by. Logging it is not enough (a check could pass
without the send it missed); the run collects these and turns them into an error, as
pytest-httpserver re-raises its handler errors.
"""

from __future__ import annotations

import logging
import threading

logger = logging.getLogger(__name__)


class LostWork:
    """A thread-safe list of what went missing, each with the error that lost it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lost: list[str] = []

    def add(self, what: str, exc: BaseException) -> None:
        """Note that ``what`` was lost because of ``exc`` (called from any thread)."""
        logger.error("%s failed: %s: %s", what, type(exc).__name__, exc)
        with self._lock:
            self._lost.append(f"{what} failed ({type(exc).__name__}: {exc})")

    def take(self) -> list[str]:
        """Everything lost since the last call, oldest first, and forget it."""
        with self._lock:
            lost, self._lost = self._lost, []
        return lost

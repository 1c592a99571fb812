"""Start and stop of the fake's front ends, and errors of background paths kept for the run.

A listener that fails while recording a send, or a delivery thread that fails, means the
harness did not see something it judges by. Logging it is not enough (a check could pass
without the send it missed); the run collects these and turns them into an error, as
pytest-httpserver re-raises its handler errors.
"""

from __future__ import annotations

import logging
import threading
from types import TracebackType
from typing import Self

logger = logging.getLogger(__name__)


class Lifecycle:
    """``start()`` / ``stop()``, and a ``with`` block that calls them."""

    def start(self) -> Self:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


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

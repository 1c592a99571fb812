"""Meta's per-number throughput: past N messages a second, sends fail with 130429.

A business phone number sends up to 80 messages per second by default (Meta's "Throughput"
page, developers.facebook.com/docs/whatsapp/throughput; 1,000/s after an upgrade); above it
Graph answers error 130429 "Rate limit hit". The limit is a sliding one-second window on
the real monotonic clock: throughput is about wall time, not the fake's scenario clock.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from harness.errors import UsageError

DEFAULT_TIER = 80


class ThroughputLimit:
    """Admits at most ``per_second`` sends in any one-second window; not thread-safe."""

    def __init__(self, per_second: int, *, now: Callable[[], float] = time.monotonic) -> None:
        if per_second < 1:
            raise UsageError(f"throughput must be at least 1 message per second, not {per_second}")
        self.per_second = per_second
        self._now = now
        self._recent: deque[float] = deque(maxlen=per_second)

    def admit(self) -> bool:
        """True (and counted) when a send now stays within the limit."""
        now = self._now()
        if len(self._recent) == self.per_second and now - self._recent[0] < 1.0:
            return False
        self._recent.append(now)
        return True

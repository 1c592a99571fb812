"""Effects that come after the answer: wait for them, within a bounded grace window.

Meta advises answering a webhook at once and acting afterwards, so an implementation's
sends and alerts may arrive after its 200. A check that expects an effect finishes as
soon as it arrived, waiting up to ``EXPECTED_WITHIN_S`` for it; one that concludes
something did *not* happen waits out the window after the last action. The window is
``--settle``, or longer once the target has shown effects that come later than that:
on a loaded machine a target acting 300 ms after answering may take a second, and a
fixed window would then fail a correct implementation. A target that offers the
``settle`` control command answers it once its background work is done, so no window is
waited for it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

# How often a wait looks again for effects that do not come with a send (alerts).
POLL_S = 0.05
# Owed status webhooks can cause sends that owe more; stop after a few rounds.
SETTLE_ROUNDS = 5
# How long an expected effect is waited for (or the window, if longer): only a check that
# fails waits this long.
EXPECTED_WITHIN_S = 2.0
# The window is at least this many times the slowest effect the target has shown ...
LATENESS_MARGIN = 1.5
# ... but never longer than this.
LATENESS_CAP_S = 5.0
# Control commands that only read or set up state: none of them is expected to send.
PASSIVE_COMMANDS = frozenset({"alerts", "settle", "drafts", "reset", "opt_in", "set_live_send"})


class Arrivals:
    """Counts sends as the fake Graph API records them (from any thread) and wakes waiters."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._count = 0

    @property
    def count(self) -> int:
        with self._changed:
            return self._count

    def arrived(self) -> None:
        with self._changed:
            self._count += 1
            self._changed.notify_all()

    def wait(self, seen: int, timeout_s: float) -> None:
        """Return when a send beyond ``seen`` arrived, or after ``timeout_s``."""
        with self._changed:
            self._changed.wait_for(lambda: self._count > seen, timeout=timeout_s)


class Lateness:
    """The slowest effect of the run so far: how long after an action it arrived."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._slowest_s = 0.0

    @property
    def slowest_s(self) -> float:
        with self._lock:
            return self._slowest_s

    def observe(self, delay_s: float) -> None:
        with self._lock:
            self._slowest_s = max(self._slowest_s, delay_s)

    def window(self, base_s: float) -> float:
        """The grace window: ``base_s``, or longer for a target whose effects come later."""
        return max(base_s, min(LATENESS_CAP_S, LATENESS_MARGIN * self.slowest_s))


class Effects:
    """One check's pending effects: the deadline of the grace window after its last action."""

    def __init__(
        self,
        *,
        window_s: float,
        arrivals: Arrivals,
        settle: Callable[[], None] | None,
        deliver_owed: Callable[[], bool],
        lateness: Lateness | None = None,
    ) -> None:
        self.window_s = window_s
        self._arrivals = arrivals
        # Shared by the run's checks: what one check learns, the next one waits for.
        self._lateness = lateness if lateness is not None else Lateness()
        # Asks the target to answer once it is idle; None when it does not offer that.
        self._settle = settle
        # Delivers the status webhooks the fake Graph API owes; True when it delivered any.
        self._deliver_owed = deliver_owed
        # When the last action whose effects are still pending ended.
        self._acted_at: float | None = None

    @property
    def pending(self) -> bool:
        return self._acted_at is not None

    @property
    def window(self) -> float:
        """How long after the last action "nothing (more) happened" is concluded."""
        return self._lateness.window(self.window_s)

    def acted(self) -> None:
        """An action whose effects may come after its answer has just ended."""
        self._acted_at = time.monotonic()

    def wait(self, until: Callable[[], bool] | None = None) -> bool:
        """Wait until ``until()`` holds or the effects of the actions so far are all in.

        Without ``until``, wait for everything (the window, or the target's ``settle``).
        Answer whether ``until()`` holds (True when no condition was given).
        """
        if self._settle is not None:
            # An expected effect that is already in needs no settle round trip; what is
            # still pending settles before the next conclusion or the check's end.
            if until is not None and until():
                return True
            for _ in range(SETTLE_ROUNDS):
                if self._acted_at is None:
                    break
                self._acted_at = None
                self._settle()
                self._deliver_owed()
            return until() if until is not None else True
        while self._acted_at is not None:
            seen = self._arrivals.count
            if until is not None and until():
                self._lateness.observe(time.monotonic() - self._acted_at)
                return True
            if self._deliver_owed():
                continue
            limit = self.window if until is None else max(self.window, EXPECTED_WITHIN_S)
            remaining = self._acted_at + limit - time.monotonic()
            if remaining <= 0:
                self._acted_at = None
                break
            self._arrivals.wait(seen, min(remaining, POLL_S))
        return until() if until is not None else True

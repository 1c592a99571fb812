"""Effects that come after the answer: wait for them, within a bounded grace window.

Meta advises answering a webhook at once and acting afterwards, so an implementation's
sends and alerts may arrive after its 200. A check that expects an effect finishes as
soon as it arrived; one that concludes something did *not* happen waits out the window
(``--settle``) after the last action. A target that offers the ``settle`` control
command answers it once its background work is done, so no window is waited for it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

# How often a wait looks again for effects that do not come with a send (alerts).
POLL_S = 0.05
# Owed status webhooks can cause sends that owe more; stop after a few rounds.
SETTLE_ROUNDS = 5
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


class Effects:
    """One check's pending effects: the deadline of the grace window after its last action."""

    def __init__(
        self,
        *,
        window_s: float,
        arrivals: Arrivals,
        settle: Callable[[], None] | None,
        deliver_owed: Callable[[], bool],
    ) -> None:
        self.window_s = window_s
        self._arrivals = arrivals
        # Asks the target to answer once it is idle; None when it does not offer that.
        self._settle = settle
        # Delivers the status webhooks the fake Graph API owes; True when it delivered any.
        self._deliver_owed = deliver_owed
        self._deadline: float | None = None

    @property
    def pending(self) -> bool:
        return self._deadline is not None

    def acted(self) -> None:
        """An action whose effects may come after its answer has just ended."""
        self._deadline = time.monotonic() + self.window_s

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
                if self._deadline is None:
                    break
                self._deadline = None
                self._settle()
                self._deliver_owed()
            return until() if until is not None else True
        while self._deadline is not None:
            seen = self._arrivals.count
            if until is not None and until():
                return True
            if self._deliver_owed():
                continue
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                self._deadline = None
                break
            self._arrivals.wait(seen, min(remaining, POLL_S))
        return until() if until is not None else True

"""Effects that come after the answer: wait for them, within a bounded grace window.

Meta advises answering a webhook at once and acting afterwards, so an implementation's
sends and alerts may arrive after its 200. A check that expects an effect finishes as
soon as it arrived, waiting up to ``EXPECTED_WITHIN_S`` for it; one that concludes
something did *not* happen waits out the window after the last action.

The window is learned from the target's pace. Until the run has seen a few of its
effects it is ``UNLEARNED_WINDOW_S``; from then on it is ``LATENESS_MARGIN`` times the
latest any effect came after the action that caused it (an action that caused sends
before it was answered counts as one effect on time), and at least
``LEARNED_FLOOR_S``. So a target that acts before it answers is not waited for in vain,
and one acting 300 ms after answering, which on a loaded machine may take a second, is
waited for as long as it has shown it needs. ``--settle`` fixes the window's least
length instead. A target that offers the ``settle`` control command answers it once its
background work is done, so no window is waited for it.

The window only bounds conclusions that something did not happen: a correct
implementation causes nothing there, so a late effect of one is never judged by it,
and what comes after a window is still seen by the next wait and by the invariants,
which judge every send of the run. A conclusion that no prospect was written to is
``guarded``: it waits at least ``UNLEARNED_WINDOW_S`` whatever the target's pace, since
a defect that writes to a prospect may act late on that one path only (a background
job), the path the check takes and no other check does.
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
# The window while the target's pace is not yet known ...
UNLEARNED_WINDOW_S = 0.5
# ... until this many of its effects were seen to arrive, each timed from its action.
EFFECTS_TO_LEARN = 5
# The learned window: this many times the slowest effect the target has shown ...
LATENESS_MARGIN = 1.5
# ... at least this long (time for the harness's own threads to record a send) ...
LEARNED_FLOOR_S = 0.1
# ... and never longer than this.
LATENESS_CAP_S = 5.0
# Control commands that only read or set up state: none of them is expected to send.
PASSIVE_COMMANDS = frozenset({"alerts", "settle", "drafts", "reset", "opt_in", "set_live_send"})


class Arrivals:
    """Counts sends as the fake Graph API records them (from any thread) and wakes waiters."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._count = 0
        self._last_at = 0.0

    @property
    def count(self) -> int:
        with self._changed:
            return self._count

    @property
    def last_at(self) -> float:
        """When (monotonic) the latest send arrived."""
        with self._changed:
            return self._last_at

    def arrived(self) -> None:
        with self._changed:
            self._count += 1
            self._last_at = time.monotonic()
            self._changed.notify_all()

    def wait(self, seen: int, timeout_s: float) -> None:
        """Return when a send beyond ``seen`` arrived, or after ``timeout_s``."""
        with self._changed:
            self._changed.wait_for(lambda: self._count > seen, timeout=timeout_s)


class Lateness:
    """The target's pace, run-wide: how many effects were timed, and the slowest of them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._slowest_s = 0.0
        self._seen = 0

    @property
    def slowest_s(self) -> float:
        with self._lock:
            return self._slowest_s

    def observe(self, delay_s: float) -> None:
        """An effect arrived ``delay_s`` after the action that caused it ended."""
        with self._lock:
            self._slowest_s = max(self._slowest_s, delay_s)
            self._seen += 1

    def window(self, settle_s: float | None) -> float:
        """The grace window: learned (``settle_s`` None) or at least ``settle_s``."""
        with self._lock:
            fitted = min(LATENESS_CAP_S, LATENESS_MARGIN * self._slowest_s)
            if settle_s is not None:
                least = settle_s
            else:
                least = LEARNED_FLOOR_S if self._seen >= EFFECTS_TO_LEARN else UNLEARNED_WINDOW_S
        return max(least, fitted)


class Effects:
    """One check's pending effects: the deadline of the grace window after its last action."""

    def __init__(
        self,
        *,
        window_s: float | None,
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
        # When the last action whose effects are still pending ended, and the sends by then.
        self._acted_at: float | None = None
        self._sends_at_act = arrivals.count
        # When the last action ended, pending or not: a guarded wait reopens its window.
        self._last_acted_at: float | None = None

    @property
    def pending(self) -> bool:
        return self._acted_at is not None

    @property
    def window(self) -> float:
        """How long after the last action "nothing (more) happened" is concluded."""
        return self._lateness.window(self.window_s)

    def _window_for(self, guarded: bool) -> float:
        window = self.window
        return max(window, UNLEARNED_WINDOW_S) if guarded else window

    def acted(self) -> None:
        """An action whose effects may come after its answer has just ended."""
        sends = self._arrivals.count
        if sends > self._sends_at_act:
            if self._acted_at is not None:
                # After the pending action ended and before this one: its late effects.
                self._lateness.observe(self._arrivals.last_at - self._acted_at)
            else:
                # While nothing was pending: the target acting before it answers.
                self._lateness.observe(0.0)
        self._acted_at = self._last_acted_at = time.monotonic()
        self._sends_at_act = sends

    def wait(
        self,
        until: Callable[[], bool] | None = None,
        *,
        guarded: bool = False,
        maybe: bool = False,
    ) -> bool:
        """Wait until ``until()`` holds or the effects of the actions so far are all in.

        Without ``until``, wait for everything (the window, or the target's ``settle``).
        Answer whether ``until()`` holds (True when no condition was given). ``guarded``:
        the window is at least the unlearned one (see the module's docstring). ``maybe``:
        ``until`` is not expected to hold, so it is waited for only as long as the window.
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
        last = self._last_acted_at
        if guarded and self._acted_at is None and last is not None:
            # The learned window after the last action may have been waited out already;
            # a guarded conclusion waits on until the longer one has passed.
            self._acted_at = last if time.monotonic() < last + self._window_for(guarded) else None
        while self._acted_at is not None:
            seen = self._arrivals.count
            if seen > self._sends_at_act:
                # A send after the action ended: how late the target acts, whatever it is.
                self._lateness.observe(self._arrivals.last_at - self._acted_at)
                self._sends_at_act = seen
            if until is not None and until():
                self._lateness.observe(time.monotonic() - self._acted_at)
                return True
            if self._deliver_owed():
                continue
            window = self._window_for(guarded)
            limit = window if until is None or maybe else max(window, EXPECTED_WITHIN_S)
            remaining = self._acted_at + limit - time.monotonic()
            if remaining <= 0:
                self._acted_at = None
                break
            self._arrivals.wait(seen, min(remaining, POLL_S))
        return until() if until is not None else True

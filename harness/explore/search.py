"""The search: rounds of generated conversations within a budget, each finding replayed.

A round is one Hypothesis run from its own seed; it stops at its first broken rule and
shrinks that conversation. The next round ignores the rules already found, so the
budget goes to the rules not yet broken. Every shrunk conversation is replayed on a
freshly opened target before it is reported; one that does not break its rule again is
dropped and counted.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, settings
from hypothesis import seed as seeded
from hypothesis.errors import Flaky
from hypothesis.stateful import get_state_machine_test

from harness.checks.conversation import NotApplicable
from harness.checks.conversation_owed import IN_ONE_VALUE, UNBATCHED
from harness.checks.conversation_steps import Step
from harness.checks.judgments import LAWS
from harness.explore.machine import OFF_SPELLINGS, Exhausted, RuleBroken, machine_for
from harness.explore.session import Session, replay
from harness.settings import HarnessSettings
from harness.stop_signals import stop_signals_to

EXAMPLES_PER_ROUND = 25
# A finding is shrunk for this share of the budget (at least SHRINK_GRACE_MIN_S seconds)
# from the moment it is made, past the budget if need be; generation stops at the budget.
SHRINK_GRACE = 0.25
SHRINK_GRACE_MIN_S = 3.0
# How many conversations Hypothesis may shrink a round's failure over before the search
# drops steps itself.
SHRINK_EXAMPLES = 40
# The last pass (drop each step the finding does not need) runs to its end, so that a
# seed gives the same conversation on a loaded machine as on an idle one; only a target
# whose steps are slow enough to take this long stops it early.
DROP_PASS_GUARD_S = 30.0
# Every third round gives the implementation live sending spelled "off" in its environment.
OFF_EVERY = 3


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule the target broke: the shortest conversation found that breaks it, confirmed."""

    rule_id: str
    text: str
    steps: tuple[Step, ...]
    seed: int

    @property
    def level(self) -> str:
        return LAWS[self.rule_id].level

    @property
    def says(self) -> str:
        return LAWS[self.rule_id].says


@dataclass
class Exploration:
    """What an exploration found, and how much it tried."""

    seed: int
    budget_s: float = 0.0
    max_steps: int = 0
    findings: list[Finding] = field(default_factory=list)
    dropped: int = 0
    rounds: int = 0
    steps: int = 0
    elapsed_s: float = 0.0
    interrupted: bool = False
    first_finding_s: float | None = None


Progress = Callable[[Exploration], None]


def explore(
    target_settings: HarnessSettings,
    *,
    budget_s: float,
    seed: int = 0,
    max_steps: int = 16,
    max_rounds: int | None = None,
    examples: int = EXAMPLES_PER_ROUND,
    progress: Progress | None = None,
    stop_after: int | None = None,
) -> Exploration:
    """Explore until ``budget_s`` is spent (or ``max_rounds``); Ctrl-C keeps what was found."""
    result = Exploration(seed=seed, budget_s=budget_s, max_steps=max_steps)
    started = time.monotonic()
    deadline = started + budget_s
    shrink_s = max(SHRINK_GRACE_MIN_S, budget_s * SHRINK_GRACE)
    ignored: set[str] = set()
    stop = threading.Event()
    session: Session | None = None
    try:
        with _noting_interrupts(stop):
            # Built here, not before: building the world loads the fake Graph API's parts,
            # and a Ctrl-C meanwhile must end the search as one during it does.
            session = Session(target_settings)
            session.open()
            while time.monotonic() - started < budget_s:
                if stop.is_set():
                    raise KeyboardInterrupt
                if max_rounds is not None and result.rounds >= max_rounds:
                    break
                if stop_after is not None and len(result.findings) >= stop_after:
                    break
                round_seed = seed * 1000 + result.rounds
                off = _spelling(result.rounds)
                limits = (deadline, shrink_s)
                found = _round(session, ignored, round_seed, max_steps, examples, limits, off, stop)
                result.rounds += 1
                result.steps += session.steps_run
                session.steps_run = 0
                for candidate in found:
                    ignored.add(candidate.breach.rule_id)
                    guard = time.monotonic() + max(shrink_s, DROP_PASS_GUARD_S)
                    steps = _shortest(session, candidate, guard, stop)
                    steps, rule_id = _plainer(session, steps, candidate.breach.rule_id, guard)
                    ignored.add(rule_id)
                    # The confirming replay opens the target afresh: a spawned server needs
                    # its port back, so this session closes first.
                    result.steps += session.steps_run
                    session.close()
                    _confirm(target_settings, rule_id, steps, seed, result)
                    if result.findings and result.first_finding_s is None:
                        result.first_finding_s = time.monotonic() - started
                    session = Session(target_settings)
                    session.open()
                result.elapsed_s = time.monotonic() - started
                if progress is not None:
                    progress(result)
    except KeyboardInterrupt:
        result.interrupted = True
    finally:
        result.elapsed_s = time.monotonic() - started
        if session is not None:
            result.steps += session.steps_run
            session.close()
    return result


@contextmanager
def _noting_interrupts(stop: threading.Event) -> Iterator[None]:
    """The first Ctrl-C (or SIGTERM) sets ``stop``, and the search ends at its next step;
    a second one is handled as before the search (it raises at once).

    A KeyboardInterrupt raised by the signal handler lands wherever the main thread is,
    and there it can be lost: inside a garbage-collection callback (Hypothesis installs
    one) Python prints it and drops it, and the search would go on for its whole budget.
    Raised from a step, between two actions, it always arrives.
    """
    previous: dict[int, Any] = {}

    def noting(number: int, frame: FrameType | None) -> None:
        if not stop.is_set():
            stop.set()
            return
        handler = previous.get(number)
        if callable(handler):
            handler(number, frame)
        elif number == signal.SIGINT:
            raise KeyboardInterrupt

    with stop_signals_to(noting) as replaced:
        previous.update(replaced)
        yield


def _round(
    session: Session,
    ignored: set[str],
    round_seed: int,
    max_steps: int,
    examples: int,
    limits: tuple[float, float],
    off: str | None,
    stop: threading.Event,
) -> list[RuleBroken]:
    shortest: dict[str, RuleBroken] = {}
    deadline, shrink_s = limits
    machine = machine_for(
        session,
        frozenset(ignored),
        deadline=deadline,
        shrink_s=shrink_s,
        shortest=shortest,
        off=off,
        shrink_examples=SHRINK_EXAMPLES,
        stop=stop,
    )
    config = settings(
        max_examples=examples,
        stateful_step_count=max_steps,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.generate, Phase.shrink),
        report_multiple_bugs=False,
        verbosity=Verbosity.quiet,
        print_blob=False,
    )
    test = seeded(round_seed)(get_state_machine_test(machine, settings=config))
    try:
        test()
    except RuleBroken as exc:
        return [exc]
    except (Exhausted, Flaky):
        # Out of time, or the failure did not come back while shrinking: the shortest
        # conversation seen so far goes to the replay, which decides.
        session.end()
        return list(shortest.values())[:1]
    return []


def _spelling(round_number: int) -> str | None:
    """How every conversation of this round configures live sending "off" (None: unset)."""
    if round_number % OFF_EVERY != OFF_EVERY - 1:
        return None
    return OFF_SPELLINGS[(round_number // OFF_EVERY) % len(OFF_SPELLINGS)]


def _shortest(
    session: Session, candidate: RuleBroken, deadline: float, stop: threading.Event
) -> list[Step]:
    """Hypothesis may stop shrinking early on a slow target: drop the steps the finding
    does not need, trying shorter conversations from a reset, until ``deadline``.

    Runs of steps go first, halving their length down to one step, from the end of the
    conversation to its start: a replay that still breaks the rule costs the whole
    conversation, so dropping most unneeded steps a run at a time saves the most replays
    on a target whose steps are slow. The last pass drops one step at a time over all.
    """
    rule_id = candidate.breach.rule_id
    steps = list(candidate.steps)
    if not _breaks(session, steps, rule_id):
        # It does not come back even whole (a late send charged to a step that did not
        # cause it, on a target whose pace the session had not learned yet): no shorter
        # conversation will, and the confirming replay decides.
        return steps
    size = max(1, len(steps) // 2)
    while True:
        index = len(steps) - size
        while index >= 0 and time.monotonic() < deadline:
            if stop.is_set():
                raise KeyboardInterrupt
            shorter = steps[:index] + steps[index + size :]
            if _breaks(session, shorter, rule_id):
                steps = shorter
            index = min(index - size, len(steps) - size)
        if size == 1 or time.monotonic() >= deadline:
            return steps
        size //= 2


def _plainer(
    session: Session, steps: list[Step], rule_id: str, deadline: float
) -> tuple[list[Step], str]:
    """Each tap batched with a text, tried as a tap of its own; kept so if the rule still
    breaks. A breach put down to the batch (EXP-022: a tap beside another message in one
    value, at RPL-012's SHOULD) that breaks unbatched too is its own MUST rule's again:
    the batch did not cause it."""
    for index, step in enumerate(steps):
        if step.action != "tap_batched" or time.monotonic() >= deadline:
            continue
        who, card, button, _shape = step.args
        plain = [*steps[:index], Step("tap", (who, card, button, "valid")), *steps[index + 1 :]]
        wanted = {rule_id} | (set(UNBATCHED) if rule_id == IN_ONE_VALUE else set())
        broken = _broken(session, plain, wanted)
        if broken is not None:
            steps, rule_id = plain, broken
    return steps, rule_id


def _breaks(session: Session, steps: list[Step], rule_id: str) -> bool:
    return _broken(session, steps, {rule_id}) is not None


def _broken(session: Session, steps: list[Step], rule_ids: set[str]) -> str | None:
    """The first of ``rule_ids`` that ``steps`` break, replayed from a reset."""
    session.configure(steps[0] if steps else None)
    conversation = session.begin()
    try:
        for number, step in enumerate(steps, 1):
            found = session.perform(conversation, step, last=number == len(steps))
            for breach in found:
                if breach.rule_id in rule_ids:
                    return breach.rule_id
    except NotApplicable:
        # A step refers to a card or tap the shorter conversation no longer has.
        return None
    finally:
        session.end()
    return None


def _confirm(
    target_settings: HarnessSettings,
    rule_id: str,
    steps: list[Step],
    seed: int,
    result: Exploration,
) -> None:
    """Replay ``steps`` on a freshly opened target; report them only if ``rule_id`` breaks."""
    result.steps += len(steps)
    try:
        again = [b for b in replay(target_settings, steps) if b.rule_id == rule_id]
    except NotApplicable:
        again = []
    if not again:
        result.dropped += 1
        return
    result.findings.append(Finding(rule_id, again[0].text, tuple(steps), seed))

"""Turns pytest's per-phase reports into one verdict per check id, with its evidence."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pytest

from harness.checks.check_context import CheckContext
from harness.checks.check_list import load_checklist
from harness.checks.sends import send_evidence
from harness.errors import CheckFailed
from harness.evidence import BrokenBy, Sends
from harness.package import VERSION
from harness.reports.redaction import Redactor
from harness.results import (
    BLOCKED_PREFIX,
    CheckResult,
    CheckSpec,
    Outcome,
    RunReport,
    blocks,
    combine,
)
from harness.settings import PROFILES
from harness.world import World

MESSAGE_LIMIT = 600


@dataclass
class _Item:
    outcome: Outcome = Outcome.PASSED
    message: str = ""
    started: float = field(default_factory=time.perf_counter)
    decided: bool = False
    # Send attempts the failure names as the ones that broke the rule.
    culprits: tuple[int, ...] = ()
    # The failed setup, when the item could not reach its subject.
    blocked_by: str | None = None
    # Checks whose sends the failure judged.
    judged_checks: tuple[str, ...] = ()


class ResultCollector:
    """Collects one CheckResult per check id, in the order the checks were collected."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.on_result: Callable[[CheckResult], None] | None = None
        self.redactor = Redactor(world.settings.secrets())
        self.started_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self._started = time.perf_counter()
        self._expected: dict[str, int] = {}
        self._specs: dict[str, CheckSpec] = {}
        self._results: dict[str, CheckResult] = {}
        self._items: dict[str, _Item] = {}
        # Set when -x should end the run: the plugin tells pytest to stop.
        self.stop_reason = ""

    @property
    def expected_count(self) -> int:
        """How many checks the run takes (known once pytest has collected them)."""
        return len(self._specs)

    def expect(self, spec: CheckSpec) -> None:
        self._specs.setdefault(spec.id, spec)
        self._expected[spec.id] = self._expected.get(spec.id, 0) + 1

    def add(self, result: CheckResult) -> None:
        """Record a result found outside pytest (an explored finding) as a check's."""
        self.expect(result.spec)
        self._expected[result.spec.id] = 0
        self._results[result.spec.id] = result
        if self.on_result is not None:
            self.on_result(result)

    def phase(
        self,
        nodeid: str,
        spec: CheckSpec,
        call: pytest.CallInfo[None],
        report: pytest.TestReport,
        ctx: CheckContext | None,
    ) -> None:
        item = self._items.setdefault(nodeid, _Item())
        if not item.decided and report.outcome != "passed":
            item.outcome, item.message = self._judge(call, report)
            exc = call.excinfo.value if call.excinfo else None
            if item.outcome is Outcome.ERROR and exc is not None:
                # Blocked is decided here, once: the cause is kept whole, apart from the
                # message (cut, joined, with notes added), so summaries group on it.
                item.blocked_by = blocked_cause(str(exc))
            if ctx is not None and ctx.blocked and report.when == "call":
                item.outcome, item.message = Outcome.ERROR, ctx.blocked
                item.blocked_by = blocked_cause(ctx.blocked)
            item.decided = True
            if isinstance(exc, CheckFailed):
                item.culprits = exc.sends
                item.judged_checks = exc.judged_checks
            self.world.note_outcome(call.excinfo.value if call.excinfo else None)
        elif report.when == "call" and report.passed:
            self.world.note_outcome(None)
        if report.when == "teardown":
            self._finish(nodeid, spec, item, ctx)

    def message_of(self, nodeid: str) -> str:
        """The one-line message decided for a pytest item (empty until one is)."""
        item = self._items.get(nodeid)
        return item.message if item is not None else ""

    def _judge(self, call: pytest.CallInfo[None], report: pytest.TestReport) -> tuple[Outcome, str]:
        if report.skipped:
            reason = (
                report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            )
            return Outcome.SKIPPED, reason.removeprefix("Skipped: ")
        exc = call.excinfo.value if call.excinfo else None
        message = _first_lines(_described(exc) if exc else str(report.longrepr))
        if report.when == "call" and isinstance(exc, AssertionError):
            return Outcome.FAILED, str(exc) or "assertion failed"
        note = self.world.target.exit_note() if self.world.target else ""
        return Outcome.ERROR, f"{message} ({note})" if note else message

    def _finish(self, nodeid: str, spec: CheckSpec, item: _Item, ctx: CheckContext | None) -> None:
        evidence = list(ctx.evidence) if ctx else []
        if ctx is not None and spec.profile != "invariants":
            sends = tuple(send_evidence(a) for a in ctx.sends())
            if sends:
                evidence.append(Sends(sends))
        if item.culprits:
            evidence.append(BrokenBy(tuple(item.culprits)))
        example = example_label(nodeid, spec.id)
        if example:
            evidence = [replace(e, example=example) for e in evidence]
        message = f"[{example}] {item.message}" if example and item.message else item.message
        duration = time.perf_counter() - item.started
        applicable = ctx is None or not ctx.not_applicable
        blocked_by = self.redactor.clip(item.blocked_by, MESSAGE_LIMIT) if item.blocked_by else None
        partial = _partial(ctx, example)
        part = CheckResult(
            spec,
            item.outcome,
            message,
            evidence,
            duration,
            applicable=applicable,
            blocked_by=blocked_by,
            partial=partial,
            judged_checks=item.judged_checks,
        )
        earlier = self._results.get(spec.id)
        result = part if earlier is None else combine(earlier, part)
        result.message = self.redactor.clip(result.message, MESSAGE_LIMIT)
        result.partial = self.redactor.clip(result.partial, MESSAGE_LIMIT)
        self._results[spec.id] = result
        self._expected[spec.id] -= 1
        if self._expected[spec.id] == 0:
            if self.world.settings.exitfirst and blocks(result, strict=self.world.settings.strict):
                self.stop_reason = f"-x: stopped after {spec.id} failed"
            if self.on_result is not None:
                self.on_result(result)

    def report(self) -> RunReport:
        results = sorted(
            (self._results[i] for i in self._specs if i in self._results),
            key=lambda r: (_profile_rank(r.spec.profile), r.spec.id),
        )
        # A check whose items never ran (an interrupted run) is an error, never a pass,
        # unless the run stopped on purpose at a blocking failure (-x).
        missing = [spec for check_id, spec in self._specs.items() if check_id not in self._results]
        if not self.stop_reason:
            results += [CheckResult(s, Outcome.ERROR, "the check did not run") for s in missing]
        return RunReport(
            harness_version=VERSION,
            target=self.world.target.description
            if self.world.target
            else self.world.settings.target,
            started_at=self.started_at,
            duration_s=round(time.perf_counter() - self._started, 3),
            results=results,
            checklist=load_checklist(),
            strict=self.world.settings.strict,
            seed=self.world.settings.seed,
            rerun=self.world.settings.rerun_command(),
            not_run=sorted(spec.id for spec in missing) if self.stop_reason else [],
            partial_as_not_run=self.world.settings.partial_as_not_run,
        )


def _profile_rank(profile: str) -> int:
    return PROFILES.index(profile) if profile in PROFILES else len(PROFILES)


def example_label(nodeid: str, check_id: str = "") -> str:
    """The Scenario Outline example of a node id, as written in the feature file.

    The check id the plugin adds to every node id (``[FLW-007-edit]``) is not part of it.
    """
    if not nodeid.endswith("]"):
        return ""
    label = nodeid.rsplit("[", 1)[1][:-1]
    if check_id:
        label = label.removeprefix(check_id).removeprefix("-")
        label = label.removesuffix(check_id).removesuffix("-")
    # pytest spells non-ASCII ids with backslash escapes (and doubles real backslashes);
    # undoing that gives QA «عبدالله الشمري», not \u0639\u0628….
    try:
        return label.encode("ascii").decode("unicode_escape")
    except UnicodeError:
        return label


def blocked_cause(message: str) -> str | None:
    """The setup failure an error message names (``blocked: <cause>``), or None."""
    if message.startswith(BLOCKED_PREFIX):
        return message.removeprefix(BLOCKED_PREFIX)
    return None


def _partial(ctx: CheckContext | None, example: str) -> str:
    """What the steps could not judge, each note once, under the example it came from."""
    notes = list(dict.fromkeys(ctx.partial)) if ctx is not None else []
    text = "; ".join(notes)
    return f"[{example}] {text}" if example and text else text


def _described(exc: BaseException) -> str:
    """An error as the report shows it: its type first, unless it names what blocked it."""
    text = str(exc)
    return text if text.startswith(BLOCKED_PREFIX) else f"{type(exc).__name__}: {text}"


def _first_lines(text: str) -> str:
    # Not cut here: the message is cut once, after masking, when the result is made.
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " | ".join(lines[:3])

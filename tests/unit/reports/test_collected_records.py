"""What the result collector makes of pytest's reports: typed blocked causes and partials."""

from __future__ import annotations

from typing import Any

import pytest

from harness.checks.check_context import CheckContext
from harness.checks.results_collector import ResultCollector
from harness.errors import CheckFailed, TargetUnreachable
from harness.results import BLOCKED_PREFIX, CheckSpec, Level, Outcome
from harness.settings import build_settings
from harness.world import World

SPEC = CheckSpec("FLW-009", "Schedule makes a draft", Level.MUST, "flow")
DRAFTS = "no 'drafts' control command: only 'no send' was judged"


def _collector(partial_as_not_run: bool = False) -> ResultCollector:
    settings = build_settings(env={}, partial_as_not_run=partial_as_not_run)
    return ResultCollector(World(settings))


def _context(collector: ResultCollector) -> CheckContext:
    return CheckContext(world=collector.world, check_id=SPEC.id, target=None)  # type: ignore[arg-type]


def _phases(
    collector: ResultCollector,
    nodeid: str,
    ctx: CheckContext,
    raised: BaseException | None = None,
) -> None:
    """Feed the collector setup, call and teardown as pytest would report them."""
    for when in ("setup", "call", "teardown"):
        exc = raised if when == "call" else None

        def body(exc: BaseException | None = exc) -> None:
            if exc is not None:
                raise exc

        call: pytest.CallInfo[Any] = pytest.CallInfo.from_call(body, when)  # type: ignore[arg-type]
        item_report = pytest.TestReport(
            nodeid,
            ("f.py", 1, nodeid),
            {},
            "failed" if call.excinfo else "passed",
            str(call.excinfo.value) if call.excinfo else None,
            when,  # type: ignore[arg-type]
        )
        collector.phase(nodeid, SPEC, call, item_report, ctx)


def test_a_check_whose_steps_noted_what_they_could_not_judge_is_a_partial_pass() -> None:
    collector = _collector()
    collector.expect(SPEC)
    ctx = _context(collector)
    ctx.partial.append(DRAFTS)
    ctx.partial.append(DRAFTS)  # noted twice by two steps: said once
    _phases(collector, "f.py::test[FLW-009]", ctx)
    report = collector.report()
    (result,) = report.results
    assert result.outcome is Outcome.PASSED
    assert result.partial == DRAFTS
    assert result.outcome_text() == f"passed (partly: {DRAFTS})"
    assert not report.partial_as_not_run


def test_the_option_reaches_the_report() -> None:
    collector = _collector(partial_as_not_run=True)
    collector.expect(SPEC)
    ctx = _context(collector)
    ctx.partial.append(DRAFTS)
    _phases(collector, "f.py::test[FLW-009]", ctx)
    report = collector.report()
    assert report.partial_as_not_run
    assert report.verdict().value == "INCOMPLETE"


def test_a_check_that_judged_everything_has_no_partial() -> None:
    collector = _collector()
    collector.expect(SPEC)
    _phases(collector, "f.py::test[FLW-009]", _context(collector))
    assert collector.report().results[0].partial == ""


def test_a_failed_given_is_blocked_and_keeps_its_whole_cause() -> None:
    collector = _collector()
    cause = "no opportunity card reached the operator: " + "x" * 900
    collector.expect(SPEC)
    collector.expect(SPEC)
    for example in ("edit", "cancel"):
        ctx = _context(collector)
        ctx.blocked = f"{BLOCKED_PREFIX}{cause}"
        _phases(collector, f"f.py::test[{example}-FLW-009]", ctx, CheckFailed(cause))
    (result,) = collector.report().results
    assert result.outcome is Outcome.ERROR
    # The message is joined from two examples and cut; the cause is the same for both.
    assert result.message.startswith(f"[edit] {BLOCKED_PREFIX}no opportunity")
    assert result.blocked_by is not None
    assert result.blocked_by.startswith("no opportunity card reached the operator: xxx")
    assert collector.report().root_causes() == {result.blocked_by: ["FLW-009"]}


def test_a_target_that_stopped_answering_blocks_later_checks_by_that_cause() -> None:
    collector = _collector()
    collector.expect(SPEC)
    down = TargetUnreachable(f"{BLOCKED_PREFIX}the target stopped answering earlier: refused")
    _phases(collector, "f.py::test[FLW-009]", _context(collector), down)
    (result,) = collector.report().results
    assert result.outcome is Outcome.ERROR
    assert result.blocked_by == "the target stopped answering earlier: refused"


def test_an_ordinary_error_is_not_blocked() -> None:
    collector = _collector()
    collector.expect(SPEC)
    _phases(collector, "f.py::test[FLW-009]", _context(collector), RuntimeError("boom"))
    (result,) = collector.report().results
    assert result.outcome is Outcome.ERROR
    assert result.blocked_by is None

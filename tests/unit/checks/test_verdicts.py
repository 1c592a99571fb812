"""The verdict of a run: PASS, FAIL or INCOMPLETE, and the causes that blocked checks."""

from __future__ import annotations

from harness.results import (
    BLOCKED_PREFIX,
    EXIT_CODES,
    CheckResult,
    CheckSpec,
    Level,
    Outcome,
    RunReport,
    Verdict,
)


def _result(
    check_id: str,
    outcome: Outcome,
    level: Level = Level.MUST,
    message: str = "",
    *,
    applicable: bool = True,
) -> CheckResult:
    spec = CheckSpec(check_id, "title", level, "flow")
    return CheckResult(spec, outcome, message, applicable=applicable)


def _report(*results: CheckResult, strict: bool = False) -> RunReport:
    return RunReport("0", "t", "now", 0.0, list(results), strict=strict)


def test_a_must_check_that_could_not_run_makes_the_run_incomplete() -> None:
    report = _report(_result("BTN-001", Outcome.PASSED), _result("FLW-013", Outcome.SKIPPED))
    assert report.verdict() is Verdict.INCOMPLETE
    assert [r.spec.id for r in report.ungraded()] == ["FLW-013"]
    assert EXIT_CODES[report.verdict()] == 3


def test_a_failure_outweighs_what_could_not_run() -> None:
    report = _report(_result("BTN-001", Outcome.FAILED), _result("FLW-013", Outcome.SKIPPED))
    assert report.verdict() is Verdict.FAIL


def test_skips_that_do_not_count() -> None:
    # A Python-only check against an HTTP target, and a SHOULD check unless strict.
    report = _report(
        _result("PRS-001", Outcome.SKIPPED, applicable=False),
        _result("FLW-005", Outcome.SKIPPED, Level.SHOULD),
        _result("FLW-013", Outcome.PASSED),
    )
    assert report.verdict() is Verdict.PASS
    report.strict = True
    assert report.verdict() is Verdict.INCOMPLETE


def test_blocked_checks_are_grouped_by_their_cause() -> None:
    # Grouped on the typed cause, not on message text: FLW-007's message was joined from
    # two examples and cut mid-word, yet it is blocked by the same cause.
    cause = "the fake Graph API rejected it with 131009 (buttons)"
    report = _report(
        _result("FLW-003", Outcome.ERROR, message=f"{BLOCKED_PREFIX}{cause}"),
        _result("FLW-007", Outcome.ERROR, message=f"[edit] {BLOCKED_PREFIX}{cause}; [cancel] bl"),
        _result("SIG-001", Outcome.ERROR, message="TargetUnreachable: refused"),
        _result("BTN-001", Outcome.FAILED, message="4 buttons"),
    )
    report.results[0].blocked_by = cause
    report.results[1].blocked_by = cause
    assert report.root_causes() == {cause: ["FLW-003", "FLW-007"]}
    assert report.verdict() is Verdict.FAIL

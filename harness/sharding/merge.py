"""One report from the shards' reports: a check run in several shards takes its worst outcome."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from harness.results import CheckResult, Outcome, RunReport
from harness.settings import PROFILES

# A check in several shards (the invariants) is as bad as its worst shard; a skip counts
# only where no shard ran it.
SEVERITY = {Outcome.SKIPPED: 0, Outcome.PASSED: 1, Outcome.FAILED: 2, Outcome.ERROR: 3}


def merge_reports(reports: Sequence[RunReport], *, duration_s: float) -> RunReport:
    """The shards' reports as one run's, in the order a single run lists its checks."""
    merged: dict[str, CheckResult] = {}
    for report in reports:
        for result in report.results:
            seen = merged.get(result.spec.id)
            merged[result.spec.id] = result if seen is None else _worse(seen, result)
    first = reports[0]
    rank = {profile: i for i, profile in enumerate(PROFILES)}
    results = sorted(
        merged.values(), key=lambda r: (rank.get(r.spec.profile, len(PROFILES)), r.spec.id)
    )
    return replace(
        first,
        started_at=min(r.started_at for r in reports),
        duration_s=round(duration_s, 3),
        results=results,
        not_run=sorted({i for r in reports for i in r.not_run}),
    )


def _worse(seen: CheckResult, other: CheckResult) -> CheckResult:
    """The shard whose outcome is worse speaks for the check; evidence comes from both, and
    shards that found the same outcome each say what they found."""
    worst, best = (
        (other, seen) if SEVERITY[other.outcome] > SEVERITY[seen.outcome] else (seen, other)
    )
    same = worst.outcome is best.outcome and worst.outcome in (Outcome.FAILED, Outcome.ERROR)
    messages = (worst.message, best.message) if same else (worst.message,)
    return replace(
        worst,
        message="; ".join(dict.fromkeys(m for m in messages if m)),
        evidence=[*worst.evidence, *best.evidence],
        duration_s=worst.duration_s + best.duration_s,
        applicable=worst.applicable or best.applicable,
    )

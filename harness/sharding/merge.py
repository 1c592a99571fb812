"""One report from the shards' reports, a check run in several shards combined in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from harness.results import CheckResult, RunReport, combine
from harness.settings import PROFILES


def merge_reports(reports: Sequence[RunReport], *, duration_s: float) -> RunReport:
    """The shards' reports as one run's, in the order a single run lists its checks.

    A check in several shards (the invariants, on each shard's own sends; an outline
    whose examples were split, the first part in the earlier shard) is combined as a
    single run combines its examples: the worse outcome, every problem, all the evidence.
    """
    merged: dict[str, CheckResult] = {}
    for report in reports:
        for result in report.results:
            seen = merged.get(result.spec.id)
            merged[result.spec.id] = result if seen is None else combine(seen, result)
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

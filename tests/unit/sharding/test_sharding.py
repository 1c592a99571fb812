"""Shards: balanced by expected duration, invariants everywhere, merged worst-first."""

from __future__ import annotations

import pytest

from harness.errors import UsageError
from harness.results import CheckResult, CheckSpec, Level, Outcome, RunReport
from harness.sharding import parallel_count
from harness.sharding.merge import merge_reports
from harness.sharding.plan import expected_s, measured_seconds, plan_shards


def _spec(check_id: str, profile: str) -> CheckSpec:
    return CheckSpec(check_id, check_id, Level.MUST, profile)


# Ids no built-in check has (a QA team's own): expected by their profile.
SPECS = [
    *(_spec(f"QAF-{i:03}", "flow") for i in range(6)),
    *(_spec(f"QAC-{i:03}", "cards") for i in range(10)),
    _spec("INV-001", "invariants"),
]


def _ids(*args: object) -> list[tuple[str, ...]]:
    return [plan.ids for plan in plan_shards(*args)]  # type: ignore[arg-type]


def test_every_check_runs_once_and_invariants_in_every_shard() -> None:
    shards = _ids(SPECS, 3)
    assert len(shards) == 3
    spread = [i for shard in shards for i in shard if i != "INV-001"]
    assert sorted(spread) == sorted(s.id for s in SPECS if s.profile != "invariants")
    assert all("INV-001" in shard for shard in shards)


def test_slow_checks_are_spread_evenly() -> None:
    shards = _ids(SPECS, 3)
    flows = [sum(i.startswith("QAF") for i in shard) for shard in shards]
    assert flows == [2, 2, 2]


def test_built_in_checks_are_balanced_by_their_measured_seconds() -> None:
    specs = [
        _spec(check_id, "flow" if check_id.startswith("FLW") else "replay")
        for check_id in measured_seconds()
        if not check_id.startswith("INV")
    ]
    total = sum(expected_s(s) for s in specs)
    for count in (4, 8):
        loads = [sum(measured_seconds()[i] for i in shard) for shard in _ids(specs, count)]
        # Longest processing time first is within 4/3 of the best spread, or the longest
        # check alone.
        longest = max(expected_s(s) for s in specs)
        assert max(loads) <= max(4 / 3 * total / count, longest) + 1e-9


def test_no_more_shards_than_checks() -> None:
    assert len(plan_shards(SPECS[:2], 8)) == 2


def test_a_long_outline_is_split_in_two_halves_the_first_in_the_earlier_shard() -> None:
    # Two flows of a second each, and an outline of 4 s: more than half a shard's share.
    specs = [*SPECS[:2], _spec("QAO-001", "flow")]
    durations = {"QAO-001": 4.0}
    with_examples = {"QAO-001": 6}

    plans = plan_shards(specs, 3, with_examples, durations=durations)

    holding = [plan for plan in plans if "QAO-001" in plan.ids]
    assert [plan.parts for plan in holding] == [(("QAO-001", 0, 2),), (("QAO-001", 1, 2),)]
    assert len(plans) == 3


def test_a_long_scenario_without_examples_is_not_split() -> None:
    specs = [*SPECS[:2], _spec("QAO-001", "flow")]

    plans = plan_shards(specs, 3, {"QAO-001": 1}, durations={"QAO-001": 4.0})

    assert [plan.parts for plan in plans] == [(), (), ()]
    assert sum("QAO-001" in plan.ids for plan in plans) == 1


def test_both_halves_in_one_shard_are_the_whole_check() -> None:
    (plan,) = plan_shards([_spec("QAO-001", "flow")], 1, {"QAO-001": 6})

    assert plan.parts == ()


def _report(*results: CheckResult) -> RunReport:
    return RunReport("0", "t", "2026-01-01T00:00:00", 1.0, list(results))


def test_a_check_in_several_shards_takes_its_worst_outcome_and_both_findings() -> None:
    inv = _spec("INV-001", "invariants")
    merged = merge_reports(
        [
            _report(CheckResult(inv, Outcome.FAILED, "1 send during FLW-001")),
            _report(CheckResult(inv, Outcome.PASSED)),
            _report(CheckResult(inv, Outcome.FAILED, "1 send during FLW-002")),
        ],
        duration_s=2.0,
    )
    (result,) = merged.results
    assert result.outcome is Outcome.FAILED
    assert result.message == "1 send during FLW-001; 1 send during FLW-002"


def test_a_skip_counts_only_where_no_shard_ran_the_check() -> None:
    inv = _spec("INV-001", "invariants")
    merged = merge_reports(
        [
            _report(CheckResult(inv, Outcome.SKIPPED, "nothing sent")),
            _report(CheckResult(inv, Outcome.PASSED)),
        ],
        duration_s=1.0,
    )
    assert merged.results[0].outcome is Outcome.PASSED


@pytest.mark.parametrize("text", ["0", "-2", "many"])
def test_a_wrong_parallel_value_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError, match="--parallel"):
        parallel_count(text)


def test_auto_is_at_least_two() -> None:
    assert parallel_count("auto") >= 2

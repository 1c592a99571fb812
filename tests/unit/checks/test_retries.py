"""The shape of retries after a rate limit: spaced and bounded passes, storms do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.checks import retries
from harness.checks.retries import QUIET_S, WATCH_CAP_S, retry_problem, watch_until

FLW_019 = {"max_attempts": 5, "burst": 2, "window_s": 1.0}


@pytest.mark.parametrize(
    "arrivals",
    [
        [],
        [0.0],
        [0.0, 0.001],  # one immediate retry, then an alert: no storm
        [0.0, 0.4, 1.2, 2.8],  # three retries, 0.4 s doubling
        [0.0, 1.0, 3.0, 7.0],  # Meta-like 1 s, 2 s, 4 s
        [0.0, 0.5, 1.5, 3.5, 7.5],  # five attempts, the most allowed
    ],
)
def test_a_spaced_bounded_backoff_passes(arrivals: list[float]) -> None:
    assert retry_problem(arrivals, **FLW_019) is None


def test_three_attempts_within_a_second_are_a_storm() -> None:
    problem = retry_problem([0.0, 0.002, 0.004], **FLW_019)
    assert problem is not None
    assert "3 attempts within 0.004 s" in problem
    assert "without bound" not in problem


def test_more_attempts_than_the_bound_fail_however_spaced() -> None:
    problem = retry_problem([0.0, 0.6, 1.2, 1.8, 2.4, 3.0], **FLW_019)
    assert problem is not None
    assert "6 attempts, more than 5" in problem
    assert "without backing off" not in problem


def test_a_back_to_back_loop_fails_both_ways() -> None:
    problem = retry_problem([i * 0.001 for i in range(11)], **FLW_019)
    assert problem is not None
    assert "without backing off" in problem
    assert "without bound" in problem


def test_the_watch_ends_after_a_quiet_spell_or_at_its_cap() -> None:
    assert watch_until(10.0, 11.0) == 11.0 + QUIET_S
    assert watch_until(10.0, 10.0 + WATCH_CAP_S) == 10.0 + WATCH_CAP_S


def test_the_storm_is_the_one_flw_019_words() -> None:
    feature = (Path(__file__).parents[3] / "features" / "flow.feature").read_text("utf-8")
    wording = (
        f"at most {retries.MAX_ATTEMPTS} sends were attempted to the prospect, "
        f"never {retries.BURST} within {retries.BURST_WINDOW_S:g} second"
    )
    assert wording in feature


def test_a_storm_is_three_at_once_or_six_in_all_and_a_backoff_is_none() -> None:
    assert retries.storm([0.0, 0.01, 0.02]) is not None
    assert retries.storm([0.0, 0.4, 1.2, 2.8, 6.0, 9.0]) is not None
    assert retries.storm([0.0, 0.4, 1.2, 2.8]) is None

"""The shape of the retries after a rate limit: bounded in number and spaced in time.

Meta answers 130429 "until you are within your allowed level again", a level counted in
messages per second (throughput page), and the one retry schedule it publishes waits
4^X seconds, 1 s first (pair rate limits, about-the-platform page). So a retry is welcome;
a third attempt inside one second only spends the same second's allowance again (a storm),
and attempts without end are not a backoff. docs/negative-battery.md gives the sources.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

# A storm, as FLW-019 words it in features/flow.feature: more than MAX_ATTEMPTS attempts
# of one message, or BURST of them within BURST_WINDOW_S.
MAX_ATTEMPTS = 5
BURST = 3
BURST_WINDOW_S = 1.0
# How long a quiet spell ends the watch, and the longest watch: a spaced backoff whose next
# attempt would come later has shown its shape by then.
QUIET_S = 2.0
WATCH_CAP_S = 8.0


def retry_problem(
    arrivals: Sequence[float], *, max_attempts: int, burst: int, window_s: float
) -> str | None:
    """What is wrong with attempts that arrived at ``arrivals`` (seconds), or None.

    Wrong: more than ``burst`` attempts within any ``window_s`` seconds (no backoff), or
    more than ``max_attempts`` attempts in all (no bound).
    """
    times = sorted(arrivals)
    problems = []
    spans = [last - first for first, last in zip(times, times[burst:], strict=False)]
    if spans and min(spans) < window_s:
        gaps = ", ".join(f"{b - a:.3f} s" for a, b in itertools.pairwise(times))
        problems.append(
            f"{burst + 1} attempts within {min(spans):.3f} s (under {window_s:g} s): retried "
            f"without backing off (gaps between attempts: {gaps})"
        )
    if len(times) > max_attempts:
        problems.append(f"{len(times)} attempts, more than {max_attempts}: retries without bound")
    return "; ".join(problems) or None


def watch_until(first_s: float, last_s: float) -> float:
    """When the watch for further attempts ends: a quiet spell after the last, capped."""
    return min(last_s + QUIET_S, first_s + WATCH_CAP_S)


def storm(arrivals: Sequence[float]) -> str | None:
    """What makes attempts of one message at ``arrivals`` a storm, or None."""
    return retry_problem(
        arrivals, max_attempts=MAX_ATTEMPTS, burst=BURST - 1, window_s=BURST_WINDOW_S
    )

"""The history behind the charts of Locust's HTML report, recorded beside the runner.

Locust's own command line starts a greenlet that appends a point to ``stats.history``
every 5 s; used as a library, nothing does, and the report's three charts come out empty.
Locust's points also read "current" figures over a trailing 10 s window, so a run of a
few seconds would chart zeros. These points hold what happened between one point and the
next instead: requests and failures per second from Locust's per-second counts (exact,
and merged from every worker on a master), response-time percentiles of the answers
logged in that interval, and the users running. Like the swarm, this module imports
Locust and runs only in the Locust process.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import gevent
from locust.runners import STATE_INIT, STATE_STOPPED, Runner
from locust.stats import PERCENTILES_TO_CHART, calculate_response_time_percentile
from locust.util.date import format_utc_timestamp

# Whole seconds: the per-second counts and the history's timestamps are whole seconds.
MIN_INTERVAL_S = 1
MAX_INTERVAL_S = 5
POINTS = 30


@dataclass(frozen=True, slots=True)
class _Sample:
    """The figures of the interval that ends at ``second`` (its requests are counted later,
    from Locust's per-second counts, once every worker has reported)."""

    second: int
    users: int
    percentiles: dict[float, int]
    mean_ms: float


def interval_for(duration_s: float) -> int:
    """About ``POINTS`` points a run, between 1 and 5 s apart."""
    return int(min(MAX_INTERVAL_S, max(MIN_INTERVAL_S, round(duration_s / POINTS))))


class ChartHistory:
    """Samples the runner every ``interval_s`` while it runs; ``finish`` writes the points
    into ``runner.stats.history``, where Locust's report reads them."""

    def __init__(self, runner: Runner, interval_s: int) -> None:
        self._runner = runner
        self._interval_s = interval_s
        self._seen: Counter[int] = Counter(runner.stats.total.response_times)
        # What ``_seen`` was before the latest sample, to fold a last short interval back.
        self._seen_before = self._seen
        self._samples: list[_Sample] = [_Sample(int(time.time()), 0, {}, 0.0)]
        self._greenlet = gevent.spawn(self._run)

    def _sample(self, second: int, users: int) -> _Sample:
        # The answers logged since the previous sample: their percentiles and mean.
        now = Counter(self._runner.stats.total.response_times)
        answered, self._seen_before, self._seen = now - self._seen, self._seen, now
        count = sum(answered.values())
        if not count:
            return _Sample(second, users, {}, 0.0)
        percentiles = {
            p: int(calculate_response_time_percentile(answered, count, p))
            for p in PERCENTILES_TO_CHART
        }
        mean = sum(ms * n for ms, n in answered.items()) / count
        return _Sample(second, users, percentiles, mean)

    def _run(self) -> None:
        while True:
            gevent.sleep(self._interval_s)
            if self._runner.state not in (STATE_INIT, STATE_STOPPED):
                sample = self._sample(int(time.time()), self._runner.user_count)
                self._samples.append(sample)

    def finish(self) -> None:
        """Take the last sample and write the history (call once the requests are done)."""
        self._greenlet.kill()
        # The users may already be stopping: chart the last count the run had.
        users = self._runner.user_count or max(s.users for s in self._samples)
        now = int(time.time())
        if len(self._samples) > 1 and now - self._samples[-1].second < self._interval_s:
            # A last interval shorter than the others would chart a partial second as a
            # drop: fold it into the one before.
            self._samples.pop()
            self._seen = self._seen_before
        # One second on, so that the last point covers the run's last (partial) second.
        self._samples.append(self._sample(now + 1, users))
        self._runner.stats.history[:] = points(self._samples, self._runner)


def points(samples: list[_Sample], runner: Runner) -> list[dict[str, Any]]:
    """One chart point per sample after the first, at that sample's time."""
    total = runner.stats.total
    history = []
    last_request = total.last_request_timestamp
    for before, after in itertools.pairwise(samples):
        seconds = range(before.second, after.second)
        if not seconds:
            continue
        span = float(len(seconds))
        if after is samples[-1] and last_request:
            # The run's last second is partial: rates over the time the requests ran.
            span = min(span, max(1.0, last_request - before.second))
        stamp = str(format_utc_timestamp(after.second))  # type: ignore[no-untyped-call]
        requests = sum(total.num_reqs_per_sec.get(s, 0) for s in seconds)
        failures = sum(total.num_fail_per_sec.get(s, 0) for s in seconds)
        point: dict[str, Any] = {
            f"response_time_percentile_{p}": [stamp, after.percentiles.get(p, 0)]
            for p in PERCENTILES_TO_CHART
        }
        point.update(
            current_rps=[stamp, round(requests / span, 2)],
            current_fail_per_sec=[stamp, round(failures / span, 2)],
            total_avg_response_time=[stamp, round(after.mean_ms, 2)],
            user_count=[stamp, after.users],
            time=stamp,
        )
        history.append(point)
    return history

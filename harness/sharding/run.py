"""``wa-harness run --parallel N``: the checks spread over N instances of the target.

Each shard is a process of its own (``worker.py``) grading its share of the checks against
its own instance: a Python target opened afresh, or ``--target-cmd`` started on a port of
its own. A check's data derive from the seed and its id, so a shard shows the same numbers
as a run of one; the shards' reports are merged into one, which is written and printed
as a single run's.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import replace
from typing import TextIO
from urllib.parse import urlsplit, urlunsplit

from harness.checks.check_list import example_counts, load_gherkin
from harness.errors import UsageError
from harness.reports.redaction import Redactor
from harness.reports.terminal import Progress
from harness.reports.writing import ReportPaths, write_reports
from harness.results import CheckSpec, RunReport
from harness.runner import collect_checks
from harness.settings import HarnessSettings
from harness.sharding.merge import merge_reports
from harness.sharding.plan import ShardPlan, plan_shards
from harness.sharding.worker import forks, start_shard

# --parallel auto: waiting, not computing, is what a run spends its time on, so more
# shards than cores still go faster, until the targets' start-up fills the cores. On 2
# cores, against the async reference without settle over HTTP (long outlines split in
# two): 12 shards 10.2 s, 16 shards 9.0 s, 20 shards 8.4-8.8 s, 24 shards 8.3 s; 16 with
# both cores kept busy by other work 10.9-11.7 s, every verdict unchanged.
AUTO_PER_CORE = 8
AUTO_MAX = 16


def parallel_count(text: str) -> int:
    """``--parallel``'s value: a whole number of shards, or ``auto``."""
    if text == "auto":
        return max(2, min(AUTO_MAX, AUTO_PER_CORE * (os.cpu_count() or 1)))
    try:
        count = int(text)
    except ValueError:
        raise UsageError(f"--parallel takes a number of shards or auto, not {text!r}") from None
    if count < 1:
        raise UsageError(f"--parallel takes at least 1 shard, not {count}")
    return count


def shardable(settings: HarnessSettings) -> str:
    """Why the target cannot be started several times, or "" when it can."""
    if settings.target.startswith(("http://", "https://")) and not settings.target_cmd:
        return "a URL without --target-cmd is one server the harness cannot start again"
    return ""


def run_sharded(
    settings: HarnessSettings, chosen: Sequence[CheckSpec], count: int, *, stream: TextIO
) -> RunReport:
    """Grade ``chosen`` in ``count`` shards at once; answer the merged report."""
    started = time.perf_counter()
    if forks():
        collect_checks()
    groups = plan_shards(chosen, count, example_counts())
    ports = _ports(settings, len(groups)) if settings.target_cmd else [0] * len(groups)
    shards = []
    try:
        for index, plan in enumerate(groups):
            shards.append(start_shard(_shard_settings(settings, plan, ports[index])))
        print(
            f"in {len(shards)} shards of the target, checks spread by expected duration",
            file=stream,
        )
        reports = [shard.report() for shard in shards]
    finally:
        for shard in shards:
            shard.stop()
    report = merge_reports(reports, duration_s=time.perf_counter() - started)
    if settings.explore_s:
        # Local: exploration (and Hypothesis under it) is loaded only when it is asked for.
        from harness.explore.as_checks import explore_phase

        # Once for the whole run, after the shards have closed their targets.
        _, found = explore_phase(settings, lambda line: print(line, file=stream, flush=True))
        report.results += found
    return report


def _shard_settings(settings: HarnessSettings, plan: ShardPlan, port: int) -> HarnessSettings:
    selection = replace(settings.selection, only=plan.ids, parts=plan.parts)
    settings = replace(settings, explore_s=0.0)
    if not settings.target_cmd:
        return replace(settings, selection=selection, exitfirst=False)
    # Each --target-cmd instance listens on a port of its own ($PORT).
    parts = urlsplit(settings.target)
    target = urlunsplit(parts._replace(netloc=f"{parts.hostname}:{port}"))
    return replace(settings, target=target, selection=selection, exitfirst=False)


def _ports(settings: HarnessSettings, count: int) -> list[int]:
    """A port for each shard's --target-cmd: the run's own first, then free ones, all
    different (each probe is held until all are chosen)."""
    own = urlsplit(settings.target).port
    with ExitStack() as probes:
        ports = [own] if own else []
        while len(ports) < count:
            probe = probes.enter_context(socket.socket())
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
            if port not in ports:  # the run's own port is free until its server starts
                ports.append(port)
    return ports


def report_sharded(
    report: RunReport, settings: HarnessSettings, paths: ReportPaths
) -> dict[str, str]:
    """Print the merged run as a single run prints itself, and write its report files."""
    redactor = Redactor(settings.secrets())
    progress = Progress(redactor, total=lambda: len(report.results), verbosity=settings.verbosity)
    for result in report.results:
        progress.check_finished(result)
    written = write_reports(
        report,
        paths,
        redactor,
        junit_non_blocking=settings.junit_non_blocking,
        scenarios=lambda: load_gherkin(settings.features),
    )
    progress.finish(report, written)
    return written

"""One load run end to end: the fake Graph API, the target, its setup, the swarm, the verdict.

This process never imports Locust: the swarm runs in a child process (``harness.load.swarm``)
and hands back its measurements as a JSON file. The fake Graph API runs here, on cheroot
with a bounded journal, so its counts can be read after the load.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.errors import HarnessError, TargetError
from harness.fake_graph import FakeGraph
from harness.fake_graph.journal import DEFAULT_KEEP_LAST, JournalCounts
from harness.load.options import LoadOptions
from harness.load.plan import LoadPlan
from harness.load.verdict import LoadResult, judge
from harness.settings import HarnessSettings
from harness.targets.target import Target
from harness.world import World

SETUP_THREADS = 8
# After the swarm stops, an implementation that acts after answering may still be sending.
SETTLE_QUIET_S = 1.0
SETTLE_MAX_S = 10.0


@dataclass(frozen=True, slots=True)
class Setup:
    """What the target was prepared with, and whether it could be."""

    prepared: bool
    note: str = ""


def run_load(
    options: LoadOptions,
    settings: HarnessSettings,
    *,
    graph_port: int = 0,
    mode: str = "local",
) -> LoadResult:
    """Start the fake (and the target), prepare it, run the swarm and judge what happened."""
    # The graded run's world, with the fake's journal bounded (bodies of the last sends for
    # evidence, counts of every send) and no 24-hour window to get in the way of rates.
    world = World(settings, keep_last=DEFAULT_KEEP_LAST, window="off")
    plan = LoadPlan.build(
        seed=options.seed, operators=options.operators, opportunities=options.opportunities
    )
    with closing(world):
        # No preflight: a target without a control endpoint is still put under load.
        world.open(
            in_process=False, preflight_target=False, graph_port=graph_port, server="cheroot"
        )
        if world.target is None:
            raise TargetError(world.target_error or "the target could not be opened")
        fake = world.fake
        setup = prepare(world.target, plan)
        before = fake.counts()
        with tempfile.TemporaryDirectory(prefix="wa-harness-load-") as folder:
            stats_path = Path(folder) / "stats.json"
            run_swarm(options.with_changes(stats_path=str(stats_path)), mode=mode)
            stats = json.loads(stats_path.read_text("utf-8"))
        after = settle(fake)
    return judge(stats, before, after, plan=plan, prepared=setup.prepared, note=setup.note)


def prepare(target: Target, plan: LoadPlan) -> Setup:
    """Reset the target, opt the operators in and present every opportunity to its operator."""
    if _control(target, {"command": "reset"}) is None:
        return Setup(
            False,
            f"the target has no control endpoint at {target.control_path}: taps cannot be judged",
        )
    for operator in plan.operators:
        _control(target, {"command": "opt_in", "wa_id": operator})
    commands = [opportunity.to_command() for opportunity in plan.opportunities]
    pool = ThreadPoolExecutor(SETUP_THREADS)
    try:
        list(pool.map(lambda c: _control(target, c), commands))
    finally:
        # On Ctrl-C or SIGTERM the commands not yet sent are dropped, not waited for: a
        # slow target would otherwise hold the harness long after it was told to stop.
        pool.shutdown(wait=False, cancel_futures=True)
    return Setup(True)


def _control(target: Target, command: dict[str, Any]) -> Any:
    """The target's answer to one control command; None when it has no control endpoint."""
    answer = target.control_http(command)
    if answer.status == 404:
        return None
    if answer.status >= 400:
        raise TargetError(
            f"control command {command['command']} answered {answer.status}: {answer.text()[:200]}"
        )
    return json.loads(answer.body or b"{}")


def run_worker(options: LoadOptions, master_host: str) -> None:
    """Be one Locust worker of a master on another machine, until it says quit."""
    _swarm_process(options, ["worker", master_host], budget=None)


def run_swarm(options: LoadOptions, *, mode: str) -> None:
    """Run ``harness.load.swarm`` in its own process (Locust patches it with gevent)."""
    if mode == "master-remote":
        arguments = ["master", "remote"]
    elif mode == "master":
        # Local workers talk to the master over loopback, on a port nobody else holds.
        options = options.with_changes(master_bind_port=_free_port())
        arguments = ["master", "spawn"]
    else:
        arguments = ["local"]
    _swarm_process(options, arguments, budget=options.duration_s + 120)


def _swarm_process(options: LoadOptions, arguments: list[str], budget: float | None) -> None:
    command = [sys.executable, "-m", "harness.load.swarm", *arguments]
    # gevent's default resolver hands every lookup to a thread pool; a target that closes
    # each connection makes that a lookup per request, which halved the achieved rate.
    env = {**os.environ, "GEVENT_RESOLVER": "block"}
    try:
        finished = subprocess.run(
            command, input=options.to_json().encode(), timeout=budget, check=False, env=env
        )
    except subprocess.TimeoutExpired:
        raise HarnessError(f"the Locust run did not finish within {budget} s") from None
    if finished.returncode != 0:
        raise HarnessError(f"the Locust run failed (exit code {finished.returncode})")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def settle(fake: FakeGraph) -> JournalCounts:
    """The fake's counts once no send arrived for ``SETTLE_QUIET_S`` (at most ``SETTLE_MAX_S``)."""
    deadline = time.monotonic() + SETTLE_MAX_S
    counts = fake.counts()
    while time.monotonic() < deadline:
        time.sleep(SETTLE_QUIET_S)
        latest = fake.counts()
        if latest.total == counts.total:
            return latest
        counts = latest
    return counts

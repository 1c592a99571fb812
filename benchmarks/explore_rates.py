"""Exploration rates: steps per second against the reference in-process and over HTTP,
and the time to the first finding for three seeded defects.

Prints figures; it asserts nothing. Run with
``PYTHONPATH=. .venv/bin/python benchmarks/explore_rates.py [SECONDS]``.

``benchmarks/explore_rates.py --defects NAME...`` instead prints, for each named sample
target (``tests/sample_targets/NAME.py``), the first confirmed finding with seed 0 in
process and over HTTP (served by ``python -m tests.sample_targets.serve NAME``).
"""

from __future__ import annotations

import logging
import socket
import sys
from pathlib import Path

from harness.explore.search import explore
from harness.settings import build_settings

ROOT = Path(__file__).resolve().parent.parent
DEFECTS = (
    "harness.examples.cold_outreach",
    "tests.sample_targets.duplicate_acted_twice",
    "tests.sample_targets.anyone_may_approve",
)
FIRST_FINDING_BUDGET_S = 60.0
SEEDS = (0, 1, 2)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def rate(label: str, budget_s: float, **target: str) -> None:
    result = explore(build_settings(env={}, **target), budget_s=budget_s, seed=0)
    per_s = result.steps / result.elapsed_s if result.elapsed_s else 0.0
    print(
        f"{label:<28} {result.steps:>7} steps in {result.elapsed_s:5.1f} s = {per_s:7.1f} steps/s"
        f"  ({len(result.findings)} findings)"
    )


def first_finding(module: str, seed: int, label: str | None = None, **where: str) -> None:
    settings = build_settings(env={}, **(where or {"target": f"python:{module}"}))
    result = explore(settings, budget_s=FIRST_FINDING_BUDGET_S, seed=seed, stop_after=1)
    label = label or f"{module:<44} seed {seed}"
    if not result.findings:
        print(f"{label}: nothing in {result.elapsed_s:.0f} s, {result.steps} steps", flush=True)
        return
    finding = result.findings[0]
    print(
        f"{label}: {finding.rule_id} after {result.first_finding_s:5.1f} s, "
        f"{result.steps} steps explored, {len(finding.steps)} in the finding",
        flush=True,
    )


def defects(names: list[str]) -> None:
    """The first finding with seed 0 for each sample target, in-process and over HTTP."""
    for name in names:
        module = f"tests.sample_targets.{name}"
        first_finding(module, 0, f"{name:<32} in-process")
        command = f"{sys.executable} -m tests.sample_targets.serve {name}"
        url = f"http://127.0.0.1:{_free_port()}"
        first_finding(module, 0, f"{name:<32} HTTP      ", target=url, target_cmd=command)


def main() -> None:
    logging.getLogger().addHandler(logging.NullHandler())
    if sys.argv[1:2] == ["--defects"]:
        defects(sys.argv[2:])
        return
    budget_s = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    print("steps per second against the reference")
    rate("in-process", budget_s, target="python:harness.reference")
    command = f"{sys.executable} -m harness.reference"
    rate(
        "HTTP (--target-cmd)",
        budget_s,
        target=f"http://127.0.0.1:{_free_port()}",
        target_cmd=command,
    )
    print(f"time to the first finding (budget {FIRST_FINDING_BUDGET_S:.0f} s, in-process)")
    for target in DEFECTS:
        for seed in SEEDS:
            first_finding(target, seed)


if __name__ == "__main__":
    main()

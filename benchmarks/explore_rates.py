"""Exploration rates: steps per second against the reference in-process and over HTTP,
and the time to the first finding for three seeded defects.

Prints figures; it asserts nothing. Run with
``PYTHONPATH=. .venv/bin/python benchmarks/explore_rates.py [SECONDS]``.

``benchmarks/explore_rates.py --defects [NAME...]`` instead prints, for each named sample
target (``tests/sample_targets/NAME.py``; with no name, every row of
``tests/explore/test_finds_defects.py`` and the defects measured beside it), the first
confirmed finding with seed 0 in process and over HTTP (served by
``python -m tests.sample_targets.serve NAME``), each within 60 s.

``benchmarks/explore_rates.py --correct [LABEL...]`` explores each correct implementation
(or the labelled ones) with seeds 0-4 for 60 s each and prints every rule it reported,
beside the rules its source explains (the real libraries' known truth); about an hour
for all of them.
"""

from __future__ import annotations

import logging
import socket
import sys
from pathlib import Path

from harness.explore.search import explore
from harness.settings import build_settings
from tests.explore.test_correct_targets import PYWA_TRUTH, WHATSAPP_API_JS_TRUTH
from tests.explore.test_finds_defects import DEFECTS as TABLE

ROOT = Path(__file__).resolve().parent.parent
DEFECTS = (
    "harness.examples.cold_outreach",
    "tests.sample_targets.duplicate_acted_twice",
    "tests.sample_targets.anyone_may_approve",
)
FIRST_FINDING_BUDGET_S = 60.0
# Seeded defects exploration finds, but too near the table's bound to be tested there.
MEASURED_BESIDE = ("late_cold_outreach",)
SEEDS = (0, 1, 2)


CORRECT_SEEDS = range(5)
CORRECT_BUDGET_S = 60.0
_PYTHON = sys.executable
# label -> (target, target command or "" for in-process, the rules its source explains)
CORRECT: dict[str, tuple[str, str, frozenset[str]]] = {
    "reference": ("python:harness.reference", "", frozenset()),
    "reference-http": ("", f"{_PYTHON} -m harness.reference", frozenset()),
    "async_reference": ("python:tests.sample_targets.async_reference", "", frozenset()),
    "async_settle": ("python:tests.sample_targets.async_settle", "", frozenset()),
    "sync_unsettled": ("python:tests.sample_targets.sync_unsettled", "", frozenset()),
    "late_backoff": ("python:tests.sample_targets.late_backoff", "", frozenset()),
    "bsuid_replies": ("python:tests.sample_targets.bsuid_replies", "", frozenset()),
    "node-sample": ("", "node tests/sample_targets/node/server.js", frozenset()),
    "pywa_flask": ("python:tests.real_libraries.pywa_flask", "", frozenset(PYWA_TRUTH)),
    "pywa_fastapi": ("python:tests.real_libraries.pywa_fastapi", "", frozenset(PYWA_TRUTH)),
    "whatsapp_api_js": (
        "",
        "node tests/real_libraries/node/server.js",
        frozenset(WHATSAPP_API_JS_TRUTH),
    ),
}


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
    table = sorted(module.rsplit(".", 1)[-1] for module in TABLE)
    for name in names or [*table, *MEASURED_BESIDE]:
        module = f"tests.sample_targets.{name}"
        first_finding(module, 0, f"{name:<32} in-process")
        command = f"{sys.executable} -m tests.sample_targets.serve {name}"
        url = f"http://127.0.0.1:{_free_port()}"
        first_finding(module, 0, f"{name:<32} HTTP      ", target=url, target_cmd=command)


def correct(labels: list[str]) -> None:
    """Every rule each correct implementation was reported breaking, per seed."""
    for label in labels or list(CORRECT):
        target, command, truth = CORRECT[label]
        where = (
            {"target": target}
            if target
            else {
                "target": f"http://127.0.0.1:{_free_port()}",
                "target_cmd": command,
            }
        )
        for seed in CORRECT_SEEDS:
            result = explore(
                build_settings(env={}, seed=seed, **where), budget_s=CORRECT_BUDGET_S, seed=seed
            )
            rules = sorted({f.rule_id for f in result.findings})
            beyond = sorted(set(rules) - truth)
            print(
                f"{label:<16} seed {seed}: {result.steps:>6} steps, {result.rounds:>4} rounds, "
                f"reported {', '.join(rules) or 'nothing'}"
                f"{'  BEYOND ITS TRUTH: ' + ', '.join(beyond) if beyond else ''}"
                f"{f'  ({result.dropped} dropped)' if result.dropped else ''}",
                flush=True,
            )
            for finding in result.findings:
                if finding.rule_id in beyond:
                    print(f"  {finding.rule_id}: {finding.text}", flush=True)
                    for step in finding.steps:
                        print(f"    {step.line()}", flush=True)


def main() -> None:
    logging.getLogger().addHandler(logging.NullHandler())
    if sys.argv[1:2] == ["--defects"]:
        defects(sys.argv[2:])
        return
    if sys.argv[1:2] == ["--correct"]:
        correct(sys.argv[2:])
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

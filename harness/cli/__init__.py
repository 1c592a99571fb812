"""wa-harness: grade an implementation, list checks, serve the fake Graph API, replay payloads.

Each command lives in a module of its own; importing them here registers them on the
root group.
"""

from __future__ import annotations

import gc

from harness.cli.explore import explore
from harness.cli.fake_graph import fake_graph
from harness.cli.grading import checks, run, steps
from harness.cli.group import cli
from harness.cli.load import load
from harness.cli.recording import record, replay
from harness.cli.sandbox import sandbox

__all__ = [
    "checks",
    "cli",
    "explore",
    "fake_graph",
    "load",
    "main",
    "record",
    "replay",
    "run",
    "sandbox",
    "steps",
]


def main() -> None:
    try:
        cli(prog_name="wa-harness")
    finally:
        # The process ends here: the collector's last full pass over everything the command
        # loaded would only delay the exit (~0.15 s after a run).
        gc.freeze()

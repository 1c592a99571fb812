"""One shard: a process forked from the run, grading its settings and sending back its report.

Forked rather than started afresh, a shard begins with the harness, pytest and the steps
already imported: most of a new interpreter's start-up is those imports, and with many
shards on few cores it would delay every shard's first check. Settings and report travel
through a pipe, never through files or the command line, so the secrets they hold are
never on disk or in a process listing.
"""

from __future__ import annotations

import io
import multiprocessing
import os
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from harness.errors import HarnessError, TargetError
from harness.results import RunReport
from harness.runner import run_conformance
from harness.settings import HarnessSettings

# How long a shard told to stop has to stop its target before it is killed.
STOP_GRACE_S = 10.0
# Where fork is missing, a fresh interpreter imports the harness itself.
_CONTEXT = (
    multiprocessing.get_context("fork")
    if "fork" in multiprocessing.get_all_start_methods()
    else multiprocessing.get_context("spawn")
)


def forks() -> bool:
    """Whether shards are forked, so they inherit what this process loaded before."""
    return _CONTEXT.get_start_method() == "fork"


@dataclass(frozen=True, slots=True)
class Shard:
    """One shard's settings, its process and the end of the pipe its answer comes on."""

    settings: HarnessSettings
    process: BaseProcess
    answer: Connection

    def report(self) -> RunReport:
        """The shard's report, once it is graded; TargetError saying why if it could not be."""
        try:
            kind, value = self.answer.recv()
        except EOFError:
            self.process.join()
            raise TargetError(
                f"a shard ended with exit code {self.process.exitcode} before its report"
            ) from None
        if kind != "report" or not isinstance(value, RunReport):
            raise TargetError(str(value))
        return value

    def stop(self) -> None:
        """End the shard if it still runs: SIGTERM first, which it takes as Ctrl-C and so
        stops its --target-cmd server (a process group of its own that a SIGKILL of the
        shard would leave running), then SIGKILL if it has not ended in time."""
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(STOP_GRACE_S)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.answer.close()


def start_shard(settings: HarnessSettings) -> Shard:
    answer, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_grade, args=(settings, sender), daemon=True)
    process.start()
    # The shard holds the only sending end, so its death reads as end of file here.
    sender.close()
    return Shard(settings, process, answer)


def _grade(settings: HarnessSettings, sender: Connection) -> None:
    # What the target prints while it is graded (from Python or below it) must not reach
    # the run's terminal between the progress lines; a failure is sent back as a message.
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    try:
        report, _ = run_conformance(settings, stream=io.StringIO())
    except HarnessError as exc:
        sender.send(("error", str(exc)))
    except Exception as exc:  # noqa: BLE001 - any failure becomes the run's one-line error
        sender.send(("error", f"a shard failed: {type(exc).__name__}: {exc}"))
    else:
        sender.send(("report", report))
    finally:
        sender.close()

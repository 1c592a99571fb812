"""The root command group: our own errors become one readable, masked line and exit 2."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, NoReturn

import click

from harness.errors import HarnessError
from harness.package import VERSION
from harness.reports.redaction import Redactor
from harness.stop_signals import stop_signals_to

USAGE_EXIT = 2
# The end of ``wa-harness run --help``: what a CI gate needs first (docs/ci.md has more).
EXIT_CODES_HELP = """\b
Exit codes of run:
  0 PASS, 1 FAIL (a blocking check failed or errored), 2 a usage or target problem
  (one line on stderr), 3 INCOMPLETE (a blocking check could not run), 130 interrupted
  (Ctrl-C), 143 stopped by SIGTERM (a CI cancel or timeout).
"""
# The end of ``wa-harness --help``: the exit codes, and where to start.
EPILOG = (
    EXIT_CODES_HELP
    + """
\b
Examples:
  wa-harness run --target python:mybot.whatsapp --json report.json
  wa-harness run --target http://127.0.0.1:8000 --target-cmd "python serve.py"
  wa-harness checks --profile cards
  wa-harness sandbox --target python:mybot.whatsapp
"""
)

# How a stopped command exits: 128 + the signal's number, as a shell reports a process the
# signal killed, so CI tells a cancelled run (130 Ctrl-C, 143 SIGTERM) from a failed one.
STOP_EXITS = {signal.SIGINT: 130, signal.SIGTERM: 143}
STOP_WORDS = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated (SIGTERM)"}
# Where a command leaves the redactor of its secrets, in the invocation's click context
# (shared by every nested context), so each invocation masks with its own.
REDACTOR_KEY = "wa_harness.redactor"


def mask_errors_with(redactor: Redactor) -> Redactor:
    """The current command's errors are masked with ``redactor`` from now on."""
    click.get_current_context().meta[REDACTOR_KEY] = redactor
    return redactor


class HarnessGroup(click.Group):
    """Turns our own errors into one readable line and exit 2, never a traceback."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            _usage_line(exc)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command with its whole first sentence, wrapped rather than cut off."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        stopped: list[signal.Signals] = []
        try:
            with _stop_signals(stopped):
                return super().invoke(ctx)
        except click.UsageError as exc:
            _usage_line(exc)
        except HarnessError as exc:
            redactor = ctx.meta.get(REDACTOR_KEY) or Redactor([])
            click.echo(f"wa-harness: {redactor.text(str(exc))}", err=True)
            sys.exit(USAGE_EXIT)
        except KeyboardInterrupt:
            received = stopped[0] if stopped else signal.SIGINT
            click.echo(f"wa-harness: {STOP_WORDS[received]}", err=True)
            sys.exit(STOP_EXITS[received])


class Stopped(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C would be, so every cleanup that Ctrl-C runs runs."""


@contextmanager
def _stop_signals(stopped: list[signal.Signals]) -> Iterator[None]:
    """SIGINT and SIGTERM both stop the command as Ctrl-C does; later ones are ignored.

    CI runners send SIGTERM on cancel or timeout; its default would end the process at
    once and leave a --target-cmd server holding its port. Once the first signal arrived,
    more would only break the cleanup it started (stopping the target's process group).
    """

    def stop(number: int, frame: FrameType | None) -> None:
        received = signal.Signals(number)
        if stopped:
            return
        stopped.append(received)
        raise KeyboardInterrupt if received == signal.SIGINT else Stopped

    with stop_signals_to(stop):
        yield


def _usage_line(exc: click.UsageError) -> NoReturn:
    """A bad flag or argument: one line naming it and where the help is, then exit 2."""
    # click's own form spreads this over four lines; CI logs and scripts want one.
    where = exc.ctx.command_path if exc.ctx is not None else "wa-harness"
    message = " ".join(exc.format_message().split())
    click.echo(f"wa-harness: {message} (see '{where} --help')", err=True)
    sys.exit(USAGE_EXIT)


@click.group(
    cls=HarnessGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(VERSION, prog_name="wa-harness")
def cli() -> None:
    """Contract tests and sandbox simulation for WhatsApp Cloud API operator flows."""

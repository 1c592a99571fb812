"""The root command group: our own errors become one readable, masked line and exit 2."""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click

from harness.errors import HarnessError
from harness.reports.redaction import Redactor

USAGE_EXIT = 2
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

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            _usage_line(exc)
        except HarnessError as exc:
            redactor = ctx.meta.get(REDACTOR_KEY) or Redactor([])
            click.echo(f"wa-harness: {redactor.text(str(exc))}", err=True)
            sys.exit(USAGE_EXIT)
        except KeyboardInterrupt:
            click.echo("wa-harness: interrupted", err=True)
            sys.exit(130)


def _usage_line(exc: click.UsageError) -> NoReturn:
    """A bad flag or argument: one line naming it and where the help is, then exit 2."""
    # click's own form spreads this over four lines; CI logs and scripts want one.
    where = exc.ctx.command_path if exc.ctx is not None else "wa-harness"
    message = " ".join(exc.format_message().split())
    click.echo(f"wa-harness: {message} (see '{where} --help')", err=True)
    sys.exit(USAGE_EXIT)

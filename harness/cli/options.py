"""Command-line options shared by several ``wa-harness`` commands."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import click

from harness.run_options import RunOption, picked, selection_of
from harness.selection import Selection, failed_ids
from harness.settings import DEFAULT_TARGET

F = TypeVar("F", bound=Callable[..., Any])
Option = Callable[[Any], Any]


def options(group: Sequence[Option]) -> Callable[[F], F]:
    """One decorator for a group of click options, applied in the order they are listed."""

    def apply(command: F) -> F:
        for option in reversed(group):
            command = option(command)
        return command

    return apply


def click_option(option: RunOption) -> Option:
    """A ``wa-harness`` option (``--FLAG``) from the run's option table."""
    name = f"--{option.flag}"
    if option.kind == "flag":
        return click.option(name, option.dest, is_flag=True, help=option.help)
    extra: dict[str, Any] = {"show_default": True} if option.default is not None else {}
    return click.option(
        name,
        option.dest,
        type=_click_type(option),
        multiple=option.multiple,
        default=option.default,
        metavar=option.metavar,
        help=option.help,
        **extra,
    )


def _click_type(option: RunOption) -> Any:
    if option.kind == "choice":
        return click.Choice(option.choices)
    if option.kind == "float":
        return click.FloatRange(*option.bounds) if option.bounds else float
    if option.kind == "path":
        return click.Path(dir_okay=False)
    if option.kind == "folder":
        return click.Path()
    return int if option.kind == "int" else str


def table_options(table: Sequence[RunOption]) -> Callable[[F], F]:
    """One decorator for a group of the run's options."""
    return options([click_option(option) for option in table])


LAST_FAILED = click.option(
    "--last-failed",
    type=click.Path(dir_okay=False),
    metavar="REPORT.json",
    help="Only the checks that failed or errored in this JSON report.",
)


def checks_in_run(features: tuple[str, ...]) -> list[Any]:
    """The built-in check specs plus those of QA's folders, which are checked loudly first."""
    from harness.checks.check_list import load_specs
    from harness.checks.user_features import user_specs

    built_in = load_specs()
    return [*built_in, *user_specs(features, built_in)] if features else built_in


def selection_from_flags(values: Mapping[str, Any], last_failed: str | None) -> Selection:
    """The selection of --check, --exclude, --level and --last-failed."""
    only = None
    if last_failed:
        only = failed_ids(last_failed)
        if not only:
            # As pytest's --lf does: nothing failed last time, so nothing is narrowed.
            click.echo(f"wa-harness: {last_failed} records no failed check; running the selection")
            only = None
    return selection_of(values, only=only)


# The run options of a command that opens one target as a graded run does, besides the
# target itself (sandbox, explore).
ONE_TARGET = (
    "target_cmd",
    "target_file",
    "control_path",
    "app_secret",
    "access_token",
    "verify_token",
    "startup_timeout_s",
    "seed",
)


def one_target_options(command: F) -> F:
    """``--target`` and the run options of ``ONE_TARGET``, from the one option table."""
    target = click.option(
        "--target",
        default=DEFAULT_TARGET,
        show_default=True,
        help="python:package.module or http://host:port",
    )
    return target(table_options(picked(*ONE_TARGET))(command))

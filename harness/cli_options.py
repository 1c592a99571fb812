"""Command-line options shared by several ``wa-harness`` commands."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from harness.selection import Selection, failed_ids, parse_levels, split_patterns

F = TypeVar("F", bound=Callable[..., Any])
Option = Callable[[Any], Any]


def options(group: Sequence[Option]) -> Callable[[F], F]:
    """One decorator for a group of click options, applied in the order they are listed."""

    def apply(command: F) -> F:
        for option in reversed(group):
            command = option(command)
        return command

    return apply


selection_options = options(
    [
        click.option(
            "--check",
            "check_patterns",
            multiple=True,
            metavar="ID",
            help="Only this check id or glob (FLW-013, 'FLW-*'); repeatable, or A,B.",
        ),
        click.option(
            "--exclude",
            "exclude_patterns",
            multiple=True,
            metavar="ID",
            help="Leave out this check id or glob; repeatable.",
        ),
        click.option(
            "--level",
            "levels",
            multiple=True,
            metavar="LEVEL",
            help="Only checks of this level: MUST, SHOULD or INFO; repeatable.",
        ),
        click.option(
            "--last-failed",
            type=click.Path(dir_okay=False),
            metavar="REPORT.json",
            help="Only the checks that failed or errored in this JSON report.",
        ),
    ]
)
"""--check, --exclude, --level and --last-failed, shared by ``run`` and ``checks``."""

report_options = options(
    [
        click.option(
            "--json",
            "json_path",
            type=click.Path(dir_okay=False),
            help="Write the JSON report.",
        ),
        click.option(
            "--junit", "junit_path", type=click.Path(dir_okay=False), help="Write JUnit XML."
        ),
        click.option(
            "--html",
            "html_path",
            type=click.Path(dir_okay=False),
            help="Write the HTML report.",
        ),
        click.option(
            "--cucumber-json",
            "cucumber_path",
            type=click.Path(dir_okay=False),
            help="Write a cucumber JSON report (check ids as tags).",
        ),
        click.option(
            "--junit-non-blocking",
            type=click.Choice(["skipped", "passed", "failure"]),
            default="skipped",
            show_default=True,
            help="How JUnit shows failures that do not fail the run (SHOULD, INFO).",
        ),
        click.option(
            "--transcript",
            "transcript_path",
            type=click.Path(dir_okay=False),
            help="Write a plain-text transcript of every check, for QA.",
        ),
    ]
)
"""Where ``run`` writes its reports, and how JUnit shows non-blocking failures."""


def features_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--features DIR: QA-written .feature files next to the built-in checks."""
    return click.option(
        "--features",
        "features",
        multiple=True,
        type=click.Path(),
        metavar="DIR",
        help="Also run the .feature files in DIR (steps: 'wa-harness steps'); repeatable.",
    )(command)


def checks_in_run(features: tuple[str, ...]) -> list[Any]:
    """The built-in check specs plus those of QA's folders, which are checked loudly first."""
    from harness.checks.check_list import load_specs
    from harness.checks.user_features import user_specs

    built_in = load_specs()
    return [*built_in, *user_specs(features, built_in)] if features else built_in


def selection_from_flags(
    check_patterns: tuple[str, ...],
    exclude_patterns: tuple[str, ...],
    levels: tuple[str, ...],
    last_failed: str | None,
) -> Selection:
    only = None
    if last_failed:
        only = failed_ids(last_failed)
        if not only:
            # As pytest's --lf does: nothing failed last time, so nothing is narrowed.
            click.echo(f"wa-harness: {last_failed} records no failed check; running the selection")
            only = None
    return Selection(
        checks=split_patterns(check_patterns),
        exclude=split_patterns(exclude_patterns),
        levels=parse_levels(levels),
        only=only,
    )

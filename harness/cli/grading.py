"""wa-harness run, checks and steps: grade an implementation, list checks and steps."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import click

import harness
from harness.cli.group import EXIT_CODES_HELP, cli, mask_errors_with
from harness.cli.options import (
    LAST_FAILED,
    checks_in_run,
    selection_from_flags,
    table_options,
)
from harness.reports.redaction import Redactor
from harness.run_options import RUN_OPTIONS, grouped, picked
from harness.selection import Selection
from harness.settings import DEFAULT_TARGET, PROFILES

if TYPE_CHECKING:
    from harness.checks.conformance_run import ConformanceRun
    from harness.results import CheckSpec
    from harness.settings import HarnessSettings


@cli.command(epilog=EXIT_CODES_HELP)
@click.option(
    "--target",
    "targets",
    multiple=True,
    default=(DEFAULT_TARGET,),
    show_default=True,
    help="python:package.module or http://host:port; repeat to grade several side by side.",
)
@table_options(RUN_OPTIONS)
@LAST_FAILED
@click.option("-x", "--exitfirst", is_flag=True, help="Stop at the first blocking failure.")
@click.option("-v", "--verbose", count=True, help="Print each failure's message as it happens.")
@click.option("-q", "--quiet", count=True, help="Print only the checks that did not pass.")
@click.option(
    "--parallel",
    default="1",
    show_default=True,
    metavar="N|auto",
    help="Spread the checks over N instances of the target (a Python target, or "
    "--target-cmd on N ports) and merge one report; auto picks N from the cores.",
)
def run(
    targets: tuple[str, ...],
    last_failed: str | None,
    exitfirst: bool,
    verbose: int,
    quiet: int,
    parallel: str,
    **values: Any,
) -> None:
    """Grade an implementation (default: the bundled reference) against the checklists."""
    from harness.reports.writing import ReportPaths
    from harness.runner import exit_code, run_conformance
    from harness.settings import build_settings
    from harness.sharding import parallel_count, report_sharded, run_sharded, shardable

    parts = grouped(values)
    selection = selection_from_flags(parts["selection"], last_failed)
    reports = ReportPaths(**parts["report"])
    # A report path that cannot be written ends the run now, not after grading.
    reports.check_writable()
    if len(targets) > 1:
        from harness.grid import run_grid

        if selection != Selection() or exitfirst:
            raise click.UsageError(
                "--check, --exclude, --level, --last-failed and -x take one --target"
            )
        if parts["settings"].get("explore_s"):
            # Findings are numbered per exploration: XPL-001 of two targets are two rules.
            raise click.UsageError("--explore takes one --target; explore each target by itself")
        several = build_settings(**parts["settings"])
        mask_errors_with(Redactor(several.secrets()))
        sys.exit(run_grid(targets, several, parts["settings"], reports))
    settings = build_settings(
        target=targets[0],
        selection=selection,
        exitfirst=exitfirst,
        verbosity=verbose - quiet,
        **parts["settings"],
    )
    mask_errors_with(Redactor(settings.secrets()))
    chosen = selection.choose(checks_in_run(settings.features), settings.profiles)

    def banner(opened: ConformanceRun) -> None:
        # Printed once the target is open, so an error about it is never preceded by a
        # line that claims grading began; it names the target really graded.
        graded = opened.world.target
        click.echo(_banner(settings, graded.description if graded else settings.target, chosen))

    shards = parallel_count(parallel)
    unshardable = shardable(settings) if shards > 1 else ""
    if unshardable:
        click.echo(f"one shard: {unshardable}")
    if shards > 1 and not unshardable and not exitfirst:
        click.echo(_banner(settings, settings.target, chosen))
        report = run_sharded(settings, chosen, shards, stream=sys.stdout)
        report_sharded(report, settings, reports)
    else:
        report, _ = run_conformance(settings, reports=reports, opened=banner)
    sys.exit(exit_code(report))


def _banner(settings: HarnessSettings, target: str, chosen: Sequence[CheckSpec]) -> str:
    """The line that opens a run: what is graded, the profiles it touches, checks, seed."""
    profiles = [p for p in settings.profiles if any(spec.profile == p for spec in chosen)]
    count = f"{len(chosen)} check{'' if len(chosen) == 1 else 's'}"
    return (
        f"wa-harness {harness.__version__}: grading {target} "
        f"({', '.join(profiles or settings.profiles)}; {count}; seed {settings.seed})"
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the checks and coverage as JSON.")
@table_options(picked("profiles", "checks", "exclude", "levels"))
@LAST_FAILED
@table_options(
    [
        replace(
            option,
            help="Also list the checks of the .feature files in DIR (checked as run checks "
            "them); repeatable.",
        )
        for option in picked("features")
    ]
)
def checks(
    as_json: bool,
    profiles: str | None,
    features: tuple[str, ...],
    last_failed: str | None,
    **values: Any,
) -> None:
    """List the checks (all, or those a selection picks) with id, level, profile and lines."""
    from harness.checks.check_list import load_checklist
    from harness.checks.listing import format_checks
    from harness.settings import parse_profiles

    selection = selection_from_flags(values, last_failed)
    chosen = parse_profiles(profiles) if profiles else PROFILES
    specs = selection.choose(checks_in_run(features), chosen)
    narrowed = selection != Selection() or bool(profiles)
    click.echo(format_checks(specs, load_checklist(), as_json=as_json, narrowed=narrowed))


@cli.command()
def steps() -> None:
    """List the Gherkin steps QA scenarios can use (for --features), with meaning and example."""
    from harness.checks.vocabulary import format_vocabulary

    click.echo(format_vocabulary(), nl=False)

"""wa-harness explore: generated conversations judged by the design's rules."""

from __future__ import annotations

import sys
from typing import Any

import click

from harness.cli.group import cli, mask_errors_with
from harness.cli.options import one_target_options
from harness.reports.redaction import Redactor


@cli.command()
@one_target_options
@click.option(
    "--budget",
    "budget_s",
    type=click.FloatRange(1, 86400),
    default=60.0,
    show_default=True,
    help="Seconds to explore.",
)
@click.option(
    "--max-steps",
    type=click.IntRange(1, 200),
    default=16,
    show_default=True,
    help="Longest conversation tried.",
)
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False),
    help="Also write the findings as JSON here.",
)
@click.option(
    "--export-features",
    "features_dir",
    type=click.Path(file_okay=False),
    help="Write each finding as a .feature scenario into this folder.",
)
def explore(
    budget_s: float, max_steps: int, json_file: str | None, features_dir: str | None, **options: Any
) -> None:
    """Generate conversations, judge every step by the design's rules, report the shortest."""
    from harness.explore.command import run_explore
    from harness.settings import build_settings

    settings = build_settings(**options)
    mask_errors_with(Redactor(settings.secrets()))
    sys.exit(
        run_explore(
            settings,
            budget_s=budget_s,
            max_steps=max_steps,
            json_file=json_file,
            features_dir=features_dir,
            echo=click.echo,
        )
    )

"""wa-harness sandbox: be the operator, the prospect and a stranger in a browser."""

from __future__ import annotations

from typing import Any

import click

from harness.cli.group import cli, mask_errors_with
from harness.cli.options import one_target_options
from harness.reports.redaction import Redactor


@cli.command()
@one_target_options
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8940,
    show_default=True,
    help="Port of the page on 127.0.0.1 (0: any free port).",
)
@click.option("--demo", is_flag=True, help="Opt in a demo operator and present one opportunity.")
def sandbox(port: int, demo: bool, **options: Any) -> None:
    """Play the operator against a live implementation, in a local web page."""
    from harness.sandbox import serve_sandbox
    from harness.settings import build_settings

    settings = build_settings(**options)
    mask_errors_with(Redactor(settings.secrets()))
    serve_sandbox(settings, port=port, demo=demo, echo=click.echo)

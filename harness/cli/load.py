"""wa-harness load: Meta-like webhook traffic at rate, judged."""

from __future__ import annotations

import sys
from typing import Any

from harness.cli.group import cli, mask_errors_with
from harness.cli.options import click_option, options
from harness.load import command as load_command
from harness.run_options import picked


@cli.command("load")
@options([load_command.TARGET, *map(click_option, picked(*load_command.LOAD_RUN_OPTIONS))])
@options(load_command.OPTIONS)
def load(**given: Any) -> None:
    """Post Meta-like webhook traffic at rate (Locust) and judge answers and actions."""
    from harness.load.command import run_load_command

    sys.exit(run_load_command(given, on_secrets=mask_errors_with))

"""The options of ``wa-harness sandbox``; ``cli.py`` defines the command and registers it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import click

from harness.settings import DEFAULT_CONTROL_PATH, DEFAULT_TARGET

DEFAULT_PORT = 8940
# Every option of ``wa-harness sandbox``; ``cli.py`` applies them to the command it defines.
OPTIONS: Sequence[Callable[[Any], Any]] = (
    click.option(
        "--target",
        default=DEFAULT_TARGET,
        show_default=True,
        help="python:package.module or http://host:port",
    ),
    click.option("--target-cmd", help="Start the HTTP target with this command (it gets PORT)."),
    click.option(
        "--target-file",
        type=click.Path(dir_okay=False),
        help="TOML file mapping a module's names onto the interface's roles.",
    ),
    click.option("--control-path", default=DEFAULT_CONTROL_PATH, show_default=True),
    click.option(
        "--port",
        type=click.IntRange(0, 65535),
        default=DEFAULT_PORT,
        show_default=True,
        help="Port of the page on 127.0.0.1 (0: any free port).",
    ),
    click.option(
        "--demo", is_flag=True, help="Opt in a demo operator and present one opportunity."
    ),
    click.option("--app-secret", help="Default: $WHATSAPP_APP_SECRET, else generated."),
    click.option("--access-token", help="Default: $WHATSAPP_ACCESS_TOKEN, else generated."),
    click.option("--verify-token", help="Default: $WHATSAPP_VERIFY_TOKEN, else generated."),
    click.option(
        "--startup-timeout",
        "startup_timeout_s",
        type=click.FloatRange(0.5, 600),
        default=30.0,
        show_default=True,
        help="Seconds --target-cmd has to open its port.",
    ),
    click.option("--seed", type=int, default=0, show_default=True, help="Seed for generated data."),
)

"""``wa-harness load``: its options and what the command does; ``harness.cli.load`` registers it.

The work happens in ``orchestrate`` (this process) and ``swarm`` (Locust's process).
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from harness.errors import UsageError
from harness.reports.redaction import Redactor

INSTALL_HINT = "wa-harness load needs Locust; install it with: pip install 'wa-harness[load]'"
# Taps are about a quarter of the traffic; the pool of opportunities covers them at
# the asked rate (as fast as possible is taken as this many notifications a second).
ASSUMED_MAX_RATE = 1500.0
TAP_SHARE = 0.3
MAX_OPPORTUNITIES = 3000


def _rate(value: str) -> float | None:
    if value.strip().lower() == "max":
        return None
    try:
        rate = float(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a number of notifications/s or 'max'") from None
    if rate <= 0:
        raise click.BadParameter("must be more than 0, or 'max'")
    return rate


# The options of ``wa-harness load`` of its own; ``harness.cli.load`` applies them after
# --target and those it shares with a graded run (``LOAD_RUN_OPTIONS``), which come from
# the run's one option table.
LOAD_RUN_OPTIONS = (
    "target_cmd",
    "app_secret",
    "access_token",
    "control_path",
    "startup_timeout_s",
    "seed",
)
TARGET = click.option(
    "--target", "target_url", required=True, help="Base URL, e.g. http://127.0.0.1:8000"
)
OPTIONS: Sequence[Callable[[Any], Any]] = (
    click.option("--path", "webhook_path", default="/webhook", show_default=True),
    click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, exists=True)),
    click.option(
        "--payload",
        "payload_file",
        type=click.Path(dir_okay=False, exists=True),
        help="Post only this file's bytes (to compare with another load tool).",
    ),
    click.option("--rate", default="max", show_default=True, help="Notifications/s, or 'max'."),
    click.option("--users", type=click.IntRange(1, 10_000), default=10, show_default=True),
    click.option(
        "--duration",
        "duration_s",
        type=click.FloatRange(0.5, 86_400),
        default=10.0,
        show_default=True,
    ),
    click.option(
        "--pattern", type=click.Choice(["steady", "bursts"]), default="steady", show_default=True
    ),
    click.option("--burst", type=click.IntRange(1), default=20, show_default=True),
    click.option(
        "--duplicates",
        "duplicate_share",
        type=click.FloatRange(0, 1),
        default=0.1,
        show_default=True,
    ),
    click.option(
        "--redeliveries",
        "redelivery_share",
        type=click.FloatRange(0, 1),
        default=0.05,
        show_default=True,
    ),
    click.option(
        "--timeout", "timeout_s", type=click.FloatRange(0.1, 600), default=10.0, show_default=True
    ),
    click.option("--opportunities", type=click.IntRange(1, 100_000), help="Cards presented first."),
    click.option("--workers", type=click.IntRange(0, 256), default=0, show_default=True),
    click.option("--master", "as_master", is_flag=True, help="Wait for --workers remote workers."),
    click.option("--worker", "as_worker", is_flag=True, help="Be a worker of --master-host."),
    click.option("--master-host", default="127.0.0.1", show_default=True),
    click.option("--master-port", type=click.IntRange(1, 65535), default=5557, show_default=True),
    click.option("--graph-port", type=click.IntRange(0, 65535), default=0, show_default=True),
    click.option(
        "--json", "json_path", type=click.Path(dir_okay=False), help="Write the JSON report."
    ),
    click.option(
        "--html", "html_path", type=click.Path(dir_okay=False), help="Locust's HTML report."
    ),
    click.option("--strict", is_flag=True, help="SHOULD checks fail the run too."),
)


def run_load_command(given: dict[str, Any], *, on_secrets: Callable[[Redactor], object]) -> int:
    """Run ``wa-harness load`` with the parsed options; answer the exit code.

    ``on_secrets`` gets the redactor as soon as the secrets are known, so that an error
    message shown later cannot carry them.
    """
    from harness.settings import build_settings
    from harness.targets.spawned import port_of

    if importlib.util.find_spec("locust") is None:
        raise UsageError(INSTALL_HINT)
    if given["as_master"] and given["as_worker"]:
        raise UsageError("--master and --worker exclude each other")
    if given["as_master"] and not given["workers"]:
        raise UsageError("--master needs --workers N: how many workers to wait for")
    port_of(given["target_url"])
    settings = build_settings(
        app_secret=given["app_secret"],
        access_token=given["access_token"],
        target=given["target_url"],
        control_path=given["control_path"],
        target_cmd=given["target_cmd"],
        startup_timeout_s=given["startup_timeout_s"],
        seed=given["seed"],
    )
    redactor = Redactor(settings.secrets())
    on_secrets(redactor)
    options = _options(given, settings.app_secret)
    if given["as_worker"]:
        from harness.load.orchestrate import run_worker

        run_worker(options, given["master_host"])
        return 0
    from harness.load.orchestrate import run_load
    from harness.load.verdict import format_result

    mode = "master-remote" if given["as_master"] else "master" if options.workers else "local"
    click.echo(
        f"wa-harness load: {given['target_url']} for {options.duration_s:g} s at "
        f"{given['rate']} notifications/s, {options.users} users"
    )
    result = run_load(
        options,
        settings,
        graph_port=given["graph_port"],
        mode=mode,
    )
    if options.html_path:
        from harness.load.report_page import add_judgement

        add_judgement(Path(options.html_path), result, redactor, strict=given["strict"])
    if given["json_path"]:
        path = Path(given["json_path"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result.to_dict(), indent=2), encoding="utf-8")
    # The verdict is the last line, as in ``wa-harness run``.
    click.echo(redactor.text(format_result(result, strict=given["strict"])))
    failing = {"fail", "warn"} if given["strict"] else {"fail"}
    return 1 if result.verdict in failing else 0


def _options(given: dict[str, Any], app_secret: str) -> Any:
    from harness.load.options import LoadOptions

    rate = _rate(given["rate"])
    opportunities = given["opportunities"] or _pool(rate, given["duration_s"])
    html = given["html_path"]
    if html:
        Path(html).parent.mkdir(parents=True, exist_ok=True)
    return LoadOptions(
        target_url=given["target_url"],
        app_secret=app_secret,
        webhook_path=given["webhook_path"],
        corpus_dir=given["corpus_dir"],
        payload_file=given["payload_file"],
        rate=rate,
        users=given["users"],
        duration_s=given["duration_s"],
        pattern=given["pattern"],
        burst=given["burst"],
        duplicate_share=given["duplicate_share"],
        redelivery_share=given["redelivery_share"],
        timeout_s=given["timeout_s"],
        workers=given["workers"],
        seed=given["seed"],
        opportunities=opportunities,
        html_path=str(Path(html).resolve()) if html else None,
        master_bind_port=given["master_port"],
    )


def _pool(rate: float | None, duration_s: float) -> int:
    expected = (rate or ASSUMED_MAX_RATE) * duration_s * TAP_SHARE
    return max(20, min(MAX_OPPORTUNITIES, int(expected) + 10))

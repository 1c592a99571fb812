"""wa-harness: grade an implementation, list checks, serve the fake Graph API, replay payloads."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import click

import harness
from harness.cli_group import EPILOG, EXIT_CODES_HELP, HarnessGroup, mask_errors_with
from harness.cli_options import (
    LAST_FAILED,
    checks_in_run,
    options,
    selection_from_flags,
    table_options,
)
from harness.load import command as load_command
from harness.recording import options as recording_options
from harness.reports.redaction import Redactor
from harness.run_options import RUN_OPTIONS, grouped, picked
from harness.selection import Selection
from harness.settings import DEFAULT_TARGET, PROFILES, check_secret

if TYPE_CHECKING:
    from harness.checks.conformance_run import ConformanceRun
    from harness.results import CheckSpec
    from harness.settings import HarnessSettings


@click.group(
    cls=HarnessGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(harness.__version__, prog_name="wa-harness")
def cli() -> None:
    """Contract tests and sandbox simulation for WhatsApp Cloud API operator flows."""


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


@cli.command("fake-graph")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8931,
    show_default=True,
    help="Port to listen on (0: any free port, printed at start).",
)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Interface to bind (loopback only)."
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Allow a --host other machines can reach (prints a warning).",
)
@click.option(
    "--access-token",
    envvar="WHATSAPP_ACCESS_TOKEN",
    required=True,
    help="Bearer token to expect (default: $WHATSAPP_ACCESS_TOKEN).",
)
@click.option("--phone-number-id", help="Business phone number id to accept.")
@click.option("--webhook-url", help="Deliver owed status webhooks to this URL.")
@click.option(
    "--app-secret",
    envvar="WHATSAPP_APP_SECRET",
    help="Signs delivered webhooks (default: $WHATSAPP_APP_SECRET).",
)
@click.option(
    "--window",
    type=click.Choice(["async", "sync", "off"]),
    default="async",
    show_default=True,
    help="How a send outside the 24 h window fails (131047).",
)
@click.option("--status-webhooks", is_flag=True, help="Also owe sent/delivered/read statuses.")
@click.option(
    "--server",
    "server_name",
    type=click.Choice(["cheroot", "werkzeug"]),
    default="cheroot",
    show_default=True,
    help="HTTP server; both support every fault.",
)
@click.option(
    "--keep-last",
    metavar="N|all",
    help="Keep full bodies of the last N sends (default 1000; 'all': every one); "
    "/_harness/counts covers all.",
)
@click.option(
    "--throughput",
    type=click.IntRange(1),
    help="Per-number messages/s; sends above it fail with 130429 (Meta's default tier: 80).",
)
@click.option(
    "--verbose/--quiet",
    "log_requests",
    default=None,
    help="A line per request (default: only when stdout is a terminal).",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Seeds the message ids the fake hands out, so a session can be repeated.",
)
def fake_graph(
    port: int,
    host: str,
    allow_remote: bool,
    access_token: str,
    phone_number_id: str | None,
    webhook_url: str | None,
    app_secret: str | None,
    window: str,
    status_webhooks: bool,
    server_name: str,
    keep_last: str | None,
    throughput: int | None,
    log_requests: bool | None,
    seed: int,
) -> None:
    """Serve the fake Graph API on a loopback port until stopped (Ctrl-C)."""
    from harness.cloud_api.envelope import BusinessNumber
    from harness.fake_graph import FakeGraph, serve
    from harness.fake_graph.journal import keep_last_option

    if webhook_url and not app_secret:
        raise click.UsageError("--webhook-url needs --app-secret to sign what it delivers")
    check_secret("--access-token", access_token)
    check_secret("--app-secret", app_secret)
    mask_errors_with(Redactor([access_token, app_secret]))
    business = BusinessNumber(**({"phone_number_id": phone_number_id} if phone_number_id else {}))
    fake = FakeGraph(
        access_token=access_token,
        phone_number_id=business.phone_number_id,
        business=business,
        seed=seed,
        window=window,
        status_webhooks=status_webhooks,
        keep_last=keep_last_option(keep_last),
        throughput=throughput,
        secrets=[app_secret],
    )
    serve(
        fake,
        host=host,
        port=port,
        webhook_url=webhook_url,
        app_secret=app_secret,
        allow_remote=allow_remote,
        server_name=server_name,
        log_requests=log_requests,
    )


# The sandbox reaches and configures its target as a graded run does.
SANDBOX_SHARED = (
    "target_cmd",
    "target_file",
    "control_path",
    "app_secret",
    "access_token",
    "verify_token",
    "startup_timeout_s",
    "seed",
)


@cli.command()
@click.option(
    "--target",
    default=DEFAULT_TARGET,
    show_default=True,
    help="python:package.module or http://host:port",
)
@table_options(picked(*SANDBOX_SHARED))
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


@cli.command(epilog=recording_options.REPLAY_EPILOG)
@recording_options.replay_options
def replay(
    source: str | None,
    target: str,
    app_secret: str,
    webhook_path: str,
    timeout_s: float,
    expect: bool,
    graph_port: int,
    control_path: str,
    json_path: str | None,
) -> None:
    """Replay recorded payloads (DIRECTORY, default: the bundled corpus) or a recorded
    CONVERSATION file (from 'wa-harness record') against an implementation."""
    from pathlib import Path

    from harness.targets.spawned import port_of

    check_secret("--app-secret", app_secret)
    redactor = mask_errors_with(Redactor([app_secret]))
    port_of(target)
    if source is not None and Path(source).is_file():
        from harness.recording import commands

        sys.exit(
            commands.replay(
                Path(source),
                target=target,
                app_secret=app_secret,
                webhook_path=webhook_path,
                control_path=control_path,
                graph_port=graph_port,
                expect=expect,
                json_path=Path(json_path) if json_path else None,
                timeout_s=timeout_s,
                echo=lambda text: click.echo(redactor.text(text)),
            )
        )
    from harness.webhooks.replay import replay_corpus

    sys.exit(replay_corpus(source, target, app_secret, webhook_path, timeout_s, echo=click.echo))


@cli.command(epilog=recording_options.RECORD_EPILOG)
@recording_options.record_options
def record(
    forward: str | None,
    app_secret: str | None,
    out: str,
    promote_dir: str | None,
    conversation_path: str | None,
    duration_s: float | None,
    **given: Any,
) -> None:
    """Record real conversations through a tap in front of an implementation, scrubbed."""
    from pathlib import Path

    from harness.recording import commands
    from harness.recording.serving import TapOptions

    if forward is None:
        if promote_dir and conversation_path:
            sys.exit(commands.promote_file(Path(conversation_path), Path(promote_dir), click.echo))
        raise click.UsageError("--forward is required (or --promote DIR --conversation FILE)")
    if not app_secret:
        raise click.UsageError("--app-secret (or $WHATSAPP_APP_SECRET) is required to verify")
    check_secret("--app-secret", app_secret)
    mask_errors_with(Redactor([app_secret]))
    options = TapOptions(forward=forward, **given)
    sys.exit(
        commands.record(
            options,
            app_secret=app_secret,
            out=Path(out),
            promote_dir=Path(promote_dir) if promote_dir else None,
            duration_s=duration_s,
            echo=click.echo,
        )
    )


@cli.command("load")
@options(load_command.OPTIONS)
def load(**given: Any) -> None:
    """Post Meta-like webhook traffic at rate (Locust) and judge answers and actions."""
    from harness.load.command import run_load_command

    sys.exit(run_load_command(given, on_secrets=mask_errors_with))


def main() -> None:
    cli(prog_name="wa-harness")

"""wa-harness: grade an implementation, list checks, serve the fake Graph API, replay payloads."""

from __future__ import annotations

import sys
from contextlib import closing
from typing import Any

import click

import harness
from harness.cli_group import HarnessGroup, mask_errors_with
from harness.cli_options import (
    LAST_FAILED,
    checks_in_run,
    options,
    selection_from_flags,
    table_options,
)
from harness.load import command as load_command
from harness.reports.redaction import Redactor
from harness.run_options import RUN_OPTIONS, grouped, picked
from harness.selection import Selection
from harness.settings import DEFAULT_TARGET, PROFILES, check_secret


@click.group(cls=HarnessGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(harness.__version__, prog_name="wa-harness")
def cli() -> None:
    """Contract tests and sandbox simulation for WhatsApp Cloud API operator flows."""


@cli.command()
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
def run(
    targets: tuple[str, ...],
    last_failed: str | None,
    exitfirst: bool,
    verbose: int,
    quiet: int,
    **values: Any,
) -> None:
    """Grade an implementation (default: the bundled reference) against the checklists."""
    from harness.reports.writing import ReportPaths
    from harness.runner import exit_code, run_conformance
    from harness.settings import build_settings

    parts = grouped(values)
    selection = selection_from_flags(parts["selection"], last_failed)
    reports = ReportPaths(**parts["report"])
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
    click.echo(
        f"wa-harness {harness.__version__}: grading {settings.target} "
        f"({', '.join(settings.profiles)}; {len(chosen)} checks; seed {settings.seed})"
    )
    report, _ = run_conformance(settings, reports=reports)
    sys.exit(exit_code(report))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the checks and coverage as JSON.")
@table_options(picked("profiles", "checks", "exclude", "levels"))
@LAST_FAILED
@table_options(picked("features"))
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
@click.option("--port", type=click.IntRange(0, 65535), default=8931, show_default=True)
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
    type=click.Choice(["werkzeug", "cheroot"]),
    default="werkzeug",
    show_default=True,
    help="HTTP server; cheroot for load.",
)
@click.option(
    "--keep-last",
    type=click.IntRange(0),
    help="Keep full bodies of the last N sends only (counts cover all); default: keep all.",
)
@click.option(
    "--throughput",
    type=click.IntRange(1),
    help="Per-number messages/s; sends above it fail with 130429 (Meta's default tier: 80).",
)
@click.option("--quiet", is_flag=True, help="No line per request.")
@click.option("--seed", type=int, default=0, show_default=True)
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
    keep_last: int | None,
    throughput: int | None,
    quiet: bool,
    seed: int,
) -> None:
    """Serve the fake Graph API on a loopback port until stopped (Ctrl-C)."""
    from harness.cloud_api.envelope import BusinessNumber
    from harness.fake_graph import FakeGraph, serve

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
        keep_last=keep_last,
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
        quiet=quiet,
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


@cli.command()
@click.option(
    "--target",
    default=DEFAULT_TARGET,
    show_default=True,
    help="python:package.module or http://host:port",
)
@table_options(picked(*SANDBOX_SHARED))
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


@cli.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option(
    "--target", required=True, help="Base URL of the implementation, e.g. http://127.0.0.1:8000"
)
@click.option(
    "--app-secret",
    envvar="WHATSAPP_APP_SECRET",
    required=True,
    help="Key of X-Hub-Signature-256 (default: $WHATSAPP_APP_SECRET).",
)
@click.option("--path", "webhook_path", default="/webhook", show_default=True)
@click.option(
    "--timeout", "timeout_s", type=click.FloatRange(0.1, 600), default=10.0, show_default=True
)
def replay(
    directory: str | None, target: str, app_secret: str, webhook_path: str, timeout_s: float
) -> None:
    """Sign and POST every recorded payload in DIRECTORY (default: the bundled corpus)."""
    from harness.targets.spawned import port_of
    from harness.targets.transport import UrlTransport
    from harness.webhooks.corpus import default_corpus_dir
    from harness.webhooks.delivery import WebhookClient
    from harness.webhooks.replay import format_replay, replay_directory

    check_secret("--app-secret", app_secret)
    redactor = mask_errors_with(Redactor([app_secret]))
    port_of(target)
    with closing(UrlTransport(target, timeout_s=timeout_s)) as transport:
        client = WebhookClient(transport, app_secret=app_secret, path=webhook_path)
        lines = replay_directory(directory or default_corpus_dir(), client=client)
    click.echo(redactor.text(format_replay(lines)))
    sys.exit(0 if lines and all(line.ok for line in lines) else 1)


@cli.command("load")
@options(load_command.OPTIONS)
def load(**given: Any) -> None:
    """Post Meta-like webhook traffic at rate (Locust) and judge answers and actions."""
    from harness.load.command import run_load_command

    sys.exit(run_load_command(given, on_secrets=mask_errors_with))


def main() -> None:
    cli(prog_name="wa-harness")

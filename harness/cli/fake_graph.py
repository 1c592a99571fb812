"""wa-harness fake-graph: the fake Graph API on loopback, for implementations in any language."""

from __future__ import annotations

import click

from harness.cli.group import cli, mask_errors_with
from harness.reports.redaction import Redactor
from harness.settings import check_secret


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

"""wa-harness record and replay: capture real conversations, scrubbed, and replay them."""

from __future__ import annotations

import sys
from typing import Any

import click

from harness.cli.group import cli, mask_errors_with
from harness.recording import options as recording_options
from harness.reports.redaction import Redactor
from harness.settings import check_secret


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

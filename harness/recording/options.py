"""The options of ``wa-harness record`` and ``wa-harness replay`` (``harness.cli.recording``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from harness.settings import DEFAULT_CONTROL_PATH

F = TypeVar("F", bound=Callable[..., Any])

REPLAY_EPILOG = (
    "Exit codes, as 'run': 0 every payload answered 2xx (a conversation: the sends "
    "match the recording), 1 a payload answered otherwise or was invalid (a conversation: "
    "a regression, with --expect), 2 a usage or target problem (bad flag or file, the "
    "target unreachable: one line), 3 the target stopped answering part-way."
)
RECORD_EPILOG = (
    "Nothing is written until the tap stops (Ctrl-C, SIGTERM or --duration); then "
    "identifiers are replaced by pseudonyms, secrets dropped, and the file is checked: if "
    "any original identifier or secret (or 8 characters of one) is left, it is deleted and "
    "the command exits 2. See docs/recording.md for what is and is not scrubbed."
)


def _apply(decorators: list[Callable[[Any], Any]], function: F) -> F:
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def replay_options(function: F) -> F:
    """The argument and options of ``replay``."""
    return _apply(
        [
            click.argument(
                "source", required=False, type=click.Path(), metavar="[DIRECTORY|CONVERSATION]"
            ),
            click.option(
                "--target",
                required=True,
                help="Base URL of the implementation, e.g. http://127.0.0.1:8000",
            ),
            click.option(
                "--app-secret",
                envvar="WHATSAPP_APP_SECRET",
                required=True,
                help="Key of X-Hub-Signature-256 (default: $WHATSAPP_APP_SECRET).",
            ),
            click.option(
                "--path",
                "webhook_path",
                default="/webhook",
                show_default=True,
                help="Path of the target's webhook, where each payload is POSTed.",
            ),
            click.option(
                "--timeout",
                "timeout_s",
                type=click.FloatRange(0.1, 600),
                default=10.0,
                show_default=True,
                help="Seconds to wait for each answer before the payload counts as failed.",
            ),
            click.option(
                "--expect",
                is_flag=True,
                help="CONVERSATION: compare the implementation's sends with the recorded ones.",
            ),
            click.option(
                "--graph-port",
                type=click.IntRange(0, 65535),
                default=8931,
                show_default=True,
                help="CONVERSATION: port of the Graph API that answers as Meta did; "
                "the implementation's Graph API base must be http://127.0.0.1:PORT.",
            ),
            click.option(
                "--control-path",
                default=DEFAULT_CONTROL_PATH,
                show_default=True,
                help="CONVERSATION: the target's control endpoint (opt-ins, live sending).",
            ),
            click.option(
                "--json",
                "json_path",
                type=click.Path(dir_okay=False),
                help="CONVERSATION: also write the result (verdict, diffs) as JSON to this file.",
            ),
        ],
        function,
    )


def record_options(function: F) -> F:
    """The options of ``record``."""
    return _apply(
        [
            click.option(
                "--forward", help="Base URL of the implementation the tap passes deliveries to."
            ),
            click.option(
                "--listen",
                "listen_port",
                type=click.IntRange(0, 65535),
                default=8950,
                show_default=True,
                help="Port Meta's webhooks reach (behind your HTTPS proxy).",
            ),
            click.option(
                "--graph-listen",
                "graph_port",
                type=click.IntRange(0, 65535),
                help="Port the implementation uses as its Graph API base; sends are recorded.",
            ),
            click.option(
                "--graph-upstream",
                help="Where sends go on to: https://graph.facebook.com or a fake Graph API.",
            ),
            click.option(
                "--app-secret",
                envvar="WHATSAPP_APP_SECRET",
                help="Verifies X-Hub-Signature-256 (default: $WHATSAPP_APP_SECRET).",
            ),
            click.option(
                "--out",
                type=click.Path(dir_okay=False),
                default="conversation.json",
                show_default=True,
                help="The conversation file to write.",
            ),
            click.option(
                "--refuse-unsigned",
                is_flag=True,
                help="Answer unsigned or mis-signed POSTs 403 instead of passing them on "
                "(they are never recorded).",
            ),
            click.option("--scrub-text", is_flag=True, help="Replace users' own message text too."),
            click.option(
                "--promote",
                "promote_dir",
                type=click.Path(file_okay=False),
                help="Add the recording's new notification shapes to this corpus folder.",
            ),
            click.option(
                "--conversation",
                "conversation_path",
                type=click.Path(dir_okay=False, exists=True),
                help="With --promote and no --forward: promote this recorded file "
                "instead of recording.",
            ),
            click.option(
                "--path",
                "webhook_path",
                default="/webhook",
                show_default=True,
                help="Path of the implementation's webhook, behind the tap.",
            ),
            click.option(
                "--control-path",
                default=DEFAULT_CONTROL_PATH,
                show_default=True,
                help="Path of the implementation's control endpoint; its commands are recorded.",
            ),
            click.option(
                "--host", default="127.0.0.1", show_default=True, help="Interface to bind."
            ),
            click.option(
                "--allow-remote", is_flag=True, help="Allow a --host other machines can reach."
            ),
            click.option(
                "--duration", "duration_s", type=click.FloatRange(0.1), help="Stop after S seconds."
            ),
            click.option(
                "--timeout",
                "timeout_s",
                type=click.FloatRange(0.1, 600),
                default=10.0,
                show_default=True,
                help="Seconds to wait for the implementation's answer to a forwarded request.",
            ),
        ],
        function,
    )

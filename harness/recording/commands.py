"""What ``wa-harness record`` and ``wa-harness replay CONVERSATION`` do, behind the CLI."""

from __future__ import annotations

import json
import signal
import socket
import threading
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from types import FrameType

from harness.errors import UsageError
from harness.fake_graph.loopback import bind_listener, start_engine
from harness.recording.answers import AnswerScript
from harness.recording.conversation import Conversation, load_conversation
from harness.recording.promotion import promote
from harness.recording.replay_report import as_json, as_text
from harness.recording.replaying import ReplayTiming, replay_conversation
from harness.recording.serving import Recorder, TapOptions
from harness.targets.transport import UrlTransport
from harness.webhooks.delivery import WebhookClient

Echo = Callable[[str], None]
# Exit codes, as `run`: 0 the sends match, 1 a regression, 2 a usage or target problem.
MATCH, REGRESSION = 0, 1


def record(
    options: TapOptions,
    *,
    app_secret: str,
    out: Path,
    promote_dir: Path | None,
    duration_s: float | None,
    echo: Echo,
) -> int:
    """Serve the tap until Ctrl-C, SIGTERM or ``duration_s``; then scrub, write, check."""
    _writable(out)
    recorder = Recorder(options, app_secret=app_secret)
    stop = threading.Event()
    with recorder:
        if recorder.warning:
            echo(recorder.warning)
        echo(f"recording: webhooks {recorder.url}{options.webhook_path} -> {options.forward}")
        if recorder.graph_url:
            echo(f"recording: Graph API {recorder.graph_url} -> {options.graph_upstream}")
        echo("stop with Ctrl-C; nothing is written before then")
        _wait(stop, duration_s)
    conversation = recorder.session.write(out)
    counts = ", ".join(f"{n} {k}" for k, n in sorted(recorder.session.counts.items())) or "none"
    echo(f"wrote {out}: {len(conversation.events)} events, scrubbed, leak check passed")
    echo(f"deliveries seen: {counts} (only verified ones are recorded)")
    if promote_dir is not None:
        _promote(conversation, promote_dir, echo)
    return 0


def promote_file(conversation_path: Path, directory: Path, echo: Echo) -> int:
    """Promote an existing conversation's new shapes."""
    _promote(load_conversation(conversation_path), directory, echo)
    return 0


def _promote(conversation: Conversation, directory: Path, echo: Echo) -> None:
    written = promote(conversation, directory, source="wa-harness record")
    echo(f"promoted {len(written)} new shape(s) into {directory}")
    for path in written:
        echo(f"  {path.name}")


def replay(
    conversation_path: Path,
    *,
    target: str,
    app_secret: str,
    webhook_path: str,
    control_path: str,
    graph_port: int,
    expect: bool,
    json_path: Path | None,
    timeout_s: float,
    echo: Echo,
) -> int:
    """Replay one conversation file; 0 match, 1 regression (with --expect)."""
    conversation = load_conversation(conversation_path)
    if json_path is not None:
        _writable(json_path)
    answers = AnswerScript(conversation.of_kind("send"))
    listener = _listen(graph_port)
    engine = start_engine("werkzeug", answers, listener)
    listener.close()
    try:
        with closing(UrlTransport(target, timeout_s=timeout_s)) as transport:
            client = WebhookClient(transport, app_secret=app_secret, path=webhook_path)
            result = replay_conversation(
                conversation,
                client=client,
                control=transport,
                answers=answers,
                control_path=control_path,
                timing=ReplayTiming(per_step_s=min(timeout_s, 3.0)),
            )
    finally:
        engine.stop()
    name = str(conversation_path)
    echo(as_text(result, conversation=name, target=target, expect=expect))
    if json_path is not None:
        document = as_json(result, conversation=name, target=target, expect=expect)
        json_path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return REGRESSION if expect and not result.matches else MATCH


def _listen(port: int) -> socket.socket:
    try:
        return bind_listener("127.0.0.1", port)
    except UsageError as exc:
        raise UsageError(
            f"cannot serve the replay's Graph API on 127.0.0.1:{port} ({exc}); pass a free "
            "--graph-port and point the implementation's Graph API base at it"
        ) from exc


def _writable(path: Path) -> None:
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"cannot write {path}: folder {parent} does not exist")


def _wait(stop: threading.Event, duration_s: float | None) -> None:
    def on_term(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        stop.wait(duration_s)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)

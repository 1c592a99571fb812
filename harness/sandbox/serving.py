"""Open a sandbox (session and page), optionally with a demo start, and serve it until Ctrl-C."""

from __future__ import annotations

import threading
from collections.abc import Callable

from harness.sandbox.session import SandboxSession
from harness.sandbox.web import SandboxServer
from harness.settings import HarnessSettings


def open_sandbox(
    settings: HarnessSettings, *, port: int = 0, demo: bool = False
) -> tuple[SandboxSession, SandboxServer]:
    """A started session and page; with ``demo`` the first screen already shows a card."""
    session = SandboxSession(settings).open()
    try:
        if demo:
            session.opt_in("operator")
            session.present()
        server = SandboxServer(session, port=port).start()
    except BaseException:
        session.close()
        raise
    return session, server


def serve_sandbox(
    settings: HarnessSettings,
    *,
    port: int = 0,
    demo: bool = False,
    echo: Callable[[str], None] = print,
) -> None:
    """Run the sandbox in the foreground until Ctrl-C, which stops what it started."""
    session, server = open_sandbox(settings, port=port, demo=demo)
    try:
        echo(f"sandbox for {session.target.description}: open {server.url}")
        echo(f"fake Graph API on {session.graph_url} (POST /_harness/inbound injects messages)")
        echo("Ctrl-C to stop")
        threading.Event().wait()
    finally:
        server.stop()
        session.close()

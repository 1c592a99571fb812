"""``wa-harness sandbox``: play the operator against a live implementation, in a browser."""

from __future__ import annotations

from harness.sandbox.serving import open_sandbox, serve_sandbox
from harness.sandbox.session import SandboxSession
from harness.sandbox.web import SandboxServer

__all__ = ["SandboxServer", "SandboxSession", "open_sandbox", "serve_sandbox"]

"""Contract tests and sandbox simulation for WhatsApp Cloud API operator flows.

The public names are the ones in ``__all__``; docs/api.md says what each is for.
"""

from __future__ import annotations

import ast
import functools
import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from harness.package import VERSION

__version__ = VERSION

# Type checkers read these imports; at run time each name loads on first use (see
# __getattr__): the pytest plugin imports this package in every pytest run of the
# environment, and most of those runs never grade anything.
if TYPE_CHECKING:
    from harness.clock import Clock
    from harness.cloud_api.envelope import BusinessNumber
    from harness.errors import (
        CheckFailed,
        HarnessError,
        PayloadError,
        TargetError,
        TargetUnreachable,
        UsageError,
    )
    from harness.fake_graph import (
        FakeGraph,
        FaultRule,
        GraphReply,
        HttpxGraph,
        InProcessGraph,
        LoopbackServer,
        SendAttempt,
        Violation,
        assert_conforms,
        conforms,
        iter_violations,
    )
    from harness.reports.writing import ReportPaths
    from harness.results import CheckResult, CheckSpec, Level, Outcome, RunReport
    from harness.runner import run_conformance
    from harness.settings import HarnessSettings, build_settings
    from harness.targets.loading import open_target
    from harness.targets.target import Target
    from harness.targets.transport import HttpAnswer, HttpTransport, UrlTransport, WsgiTransport
    from harness.webhooks.delivery import Delivery, HandshakeAnswer, SignatureMode, WebhookClient
    from harness.webhooks.notifications import NotificationFactory

__all__ = [
    "BusinessNumber",
    "CheckFailed",
    "CheckResult",
    "CheckSpec",
    "Clock",
    "Delivery",
    "FakeGraph",
    "FaultRule",
    "GraphReply",
    "HandshakeAnswer",
    "HarnessError",
    "HarnessSettings",
    "HttpAnswer",
    "HttpTransport",
    "HttpxGraph",
    "InProcessGraph",
    "Level",
    "LoopbackServer",
    "NotificationFactory",
    "Outcome",
    "PayloadError",
    "ReportPaths",
    "RunReport",
    "SendAttempt",
    "SignatureMode",
    "Target",
    "TargetError",
    "TargetUnreachable",
    "UrlTransport",
    "UsageError",
    "Violation",
    "WebhookClient",
    "WsgiTransport",
    "assert_conforms",
    "build_settings",
    "conforms",
    "iter_violations",
    "open_target",
    "run_conformance",
]


def __getattr__(name: str) -> object:
    module = _homes().get(name)
    if module is None:
        raise AttributeError(f"module 'harness' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


@functools.cache
def _homes() -> dict[str, str]:
    """Each public name's module, read from the TYPE_CHECKING imports above.

    Reading them keeps a third list (name to module) from drifting away from the other two;
    tests/unit/test_public_api.py holds the imports and ``__all__`` to the same names.
    """
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    )
    return {
        alias.name: node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }

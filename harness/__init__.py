"""Contract tests and sandbox simulation for WhatsApp Cloud API operator flows."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from harness.errors import HarnessError
    from harness.fake_graph import FakeGraph, InProcessGraph, LoopbackServer
    from harness.results import CheckResult, RunReport
    from harness.runner import run_conformance
    from harness.settings import HarnessSettings, build_settings
    from harness.webhooks.delivery import WebhookClient
    from harness.webhooks.notifications import NotificationFactory

# Names load on first use: the pytest plugin imports this package in every pytest run
# of the environment, and most of those runs never grade anything.
_EXPORTS = {
    "CheckResult": "harness.results",
    "FakeGraph": "harness.fake_graph",
    "HarnessError": "harness.errors",
    "HarnessSettings": "harness.settings",
    "InProcessGraph": "harness.fake_graph",
    "LoopbackServer": "harness.fake_graph",
    "NotificationFactory": "harness.webhooks.notifications",
    "RunReport": "harness.results",
    "WebhookClient": "harness.webhooks.delivery",
    "build_settings": "harness.settings",
    "run_conformance": "harness.runner",
}

__all__ = [
    "CheckResult",
    "FakeGraph",
    "HarnessError",
    "HarnessSettings",
    "InProcessGraph",
    "LoopbackServer",
    "NotificationFactory",
    "RunReport",
    "WebhookClient",
    "build_settings",
    "run_conformance",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'harness' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)

"""Contract tests and sandbox simulation for WhatsApp Cloud API operator flows.

Two tiers of public names, each listed in its ``__all__`` and described in docs/api.md:
this package holds the tools for a project's own tests (the fake Graph API, webhooks,
errors); ``harness.run`` holds a whole conformance run and its records.
"""

from __future__ import annotations

import importlib
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
    from harness.fake_graph.in_process import InProcessFakes
    from harness.webhooks.delivery import Delivery, HandshakeAnswer, SignatureMode, WebhookClient
    from harness.webhooks.notifications import NotificationFactory

# Each public name and the module it lives in (tests/unit/test_public_api.py holds this
# table, the imports above, __all__ and docs/api.md to the same names).
_EXPORTS = {
    "BusinessNumber": "harness.cloud_api.envelope",
    "CheckFailed": "harness.errors",
    "Clock": "harness.clock",
    "Delivery": "harness.webhooks.delivery",
    "FakeGraph": "harness.fake_graph",
    "FaultRule": "harness.fake_graph",
    "GraphReply": "harness.fake_graph",
    "HandshakeAnswer": "harness.webhooks.delivery",
    "HarnessError": "harness.errors",
    "HttpxGraph": "harness.fake_graph",
    "InProcessFakes": "harness.fake_graph.in_process",
    "InProcessGraph": "harness.fake_graph",
    "LoopbackServer": "harness.fake_graph",
    "NotificationFactory": "harness.webhooks.notifications",
    "PayloadError": "harness.errors",
    "SendAttempt": "harness.fake_graph",
    "SignatureMode": "harness.webhooks.delivery",
    "TargetError": "harness.errors",
    "TargetUnreachable": "harness.errors",
    "UsageError": "harness.errors",
    "Violation": "harness.fake_graph",
    "WebhookClient": "harness.webhooks.delivery",
    "assert_conforms": "harness.fake_graph",
    "conforms": "harness.fake_graph",
    "iter_violations": "harness.fake_graph",
}
__all__ = [
    "BusinessNumber",
    "CheckFailed",
    "Clock",
    "Delivery",
    "FakeGraph",
    "FaultRule",
    "GraphReply",
    "HandshakeAnswer",
    "HarnessError",
    "HttpxGraph",
    "InProcessFakes",
    "InProcessGraph",
    "LoopbackServer",
    "NotificationFactory",
    "PayloadError",
    "SendAttempt",
    "SignatureMode",
    "TargetError",
    "TargetUnreachable",
    "UsageError",
    "Violation",
    "WebhookClient",
    "assert_conforms",
    "conforms",
    "iter_violations",
]


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'harness' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])

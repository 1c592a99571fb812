"""A fake Meta Graph API (/messages): limits, errors, faults and the 24 h window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from harness.fake_graph.core import FakeGraph
from harness.fake_graph.faults import FaultRule
from harness.fake_graph.in_process import InProcessGraph
from harness.fake_graph.journal import GraphReply, SendAttempt
from harness.fake_graph.loopback import LoopbackServer, serve
from harness.fake_graph.validation import Violation, assert_conforms, conforms, iter_violations

if TYPE_CHECKING:
    from harness.fake_graph.in_process_httpx import HttpxGraph

__all__ = [
    "FakeGraph",
    "FaultRule",
    "GraphReply",
    "HttpxGraph",
    "InProcessGraph",
    "LoopbackServer",
    "SendAttempt",
    "Violation",
    "assert_conforms",
    "conforms",
    "iter_violations",
    "serve",
]


def __getattr__(name: str) -> object:
    # httpx and respx load only when their front end is asked for: most targets use requests.
    if name == "HttpxGraph":
        from harness.fake_graph.in_process_httpx import HttpxGraph

        return HttpxGraph
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

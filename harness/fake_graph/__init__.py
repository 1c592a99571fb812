"""A fake Meta Graph API (/messages): limits, errors, faults and the 24 h window."""

from __future__ import annotations

from harness.fake_graph.core import FakeGraph
from harness.fake_graph.faults import FaultRule
from harness.fake_graph.in_process import HttpxGraph, InProcessGraph
from harness.fake_graph.journal import GraphReply, SendAttempt
from harness.fake_graph.loopback import LoopbackServer, serve
from harness.fake_graph.validation import Violation, assert_conforms, conforms, iter_violations

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

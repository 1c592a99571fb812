"""Seeded defect: cold outreach (FLW-013, INV-003) in a bot that sends with urllib.

Its sends reach the fake over loopback, not through an in-process patch; the defect
must be found all the same, as it is in the requests-based ``cold_outreach``.
"""

from __future__ import annotations

from harness.examples.cold_outreach import Flow

from . import _base
from ._base import build_draft_card, build_opportunity_card, parse_button_reply
from .urllib_client import UrllibGraphClient

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]

create_app, control = _base.interface(flow_class=Flow, client_class=UrllibGraphClient)

"""The seams of the reference the seeded defects use; they live with the shipped examples."""

from __future__ import annotations

from harness.examples._base import (
    App,
    Flow,
    build_draft_card,
    build_opportunity_card,
    interface,
    parse_button_reply,
)

__all__ = [
    "App",
    "Flow",
    "build_draft_card",
    "build_opportunity_card",
    "interface",
    "parse_button_reply",
]

"""The shipped example `harness.examples.four_buttons`, under the name the tests use."""

from __future__ import annotations

from harness.examples.four_buttons import (
    build_draft_card,
    build_opportunity_card,
    control,
    create_app,
    parse_button_reply,
)

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]

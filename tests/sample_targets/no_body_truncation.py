"""Seeded defect: a long summary is not cut, so the card body exceeds 1024 characters (BTN-010)."""

from __future__ import annotations

from typing import Any

from harness.reference import cards

from . import _base
from ._base import build_draft_card, parse_button_reply

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]


def build_opportunity_card(opportunity: dict[str, Any]) -> dict:
    card = _base.build_opportunity_card(opportunity)
    # DEFECT: the body is not truncated to 1024 characters.
    summary = str(opportunity.get("summary") or "")
    card["interactive"]["body"]["text"] = cards.opportunity_body({**opportunity, "summary": ""})
    if summary:
        card["interactive"]["body"]["text"] += "\n\n" + summary
    return card


create_app, control = _base.interface(build_opportunity_card=build_opportunity_card)

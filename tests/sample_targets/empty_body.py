"""Seeded defect: the opportunity card has an empty body text (BTN-008)."""

from __future__ import annotations

from typing import Any

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
    # DEFECT: body.text is left empty; the Cloud API needs 1 to 1024 characters.
    card["interactive"]["body"]["text"] = ""
    return card


create_app, control = _base.interface(build_opportunity_card=build_opportunity_card)

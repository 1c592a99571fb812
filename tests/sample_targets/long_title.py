"""Seeded defect: a 21-character button title on the opportunity card (BTN-005)."""

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

# DEFECT: 21 code points where Meta allows 20 («اكتب رسالة إلى العميل» instead of «رسالة»).
LONG_TITLE = "اكتب رسالة إلى العميل"
assert len(LONG_TITLE) == 21


def build_opportunity_card(opportunity: dict[str, Any]) -> dict:
    card = _base.build_opportunity_card(opportunity)
    card["interactive"]["action"]["buttons"][2]["reply"]["title"] = LONG_TITLE
    return card


create_app, control = _base.interface(build_opportunity_card=build_opportunity_card)

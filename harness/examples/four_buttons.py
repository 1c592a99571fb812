"""Seeded defect: a fourth reply button on the opportunity card (BTN-001, INV-001).

The builder and the card actually sent to the operator both carry the extra button.
"""

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


def build_opportunity_card(opportunity: dict[str, Any]) -> dict[str, Any]:
    card = _base.build_opportunity_card(opportunity)
    accept_id = card["interactive"]["action"]["buttons"][0]["reply"]["id"]
    # DEFECT: a 4th button («موعد», schedule); the Cloud API allows at most 3 reply buttons.
    card["interactive"]["action"]["buttons"].append(
        {
            "type": "reply",
            "reply": {"id": accept_id.rsplit(":", 1)[0] + ":schedule", "title": "موعد"},
        }
    )
    return card


create_app, control = _base.interface(build_opportunity_card=build_opportunity_card)

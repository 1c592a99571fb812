"""Seeded defect: present_opportunity answers "sent" but sends nothing.

Every check that needs the step-1 card is blocked by that one cause; once it has been
seen twice in a row, the later checks fail at once instead of each waiting for a card
that will not come.
"""

from __future__ import annotations

from typing import Any

from . import _base
from ._base import build_draft_card, build_opportunity_card, parse_button_reply

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]


class Flow(_base.Flow):
    def present_opportunity(self, operator: str, opportunity: dict[str, Any]) -> dict[str, Any]:
        # DEFECT: the send was meant to happen elsewhere, and never does.
        return {"status": "sent"}


create_app, control = _base.interface(flow_class=Flow)

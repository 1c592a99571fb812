"""Seeded defect: reply ids carry the opportunity's title, not its id (BTN-013).

Two opportunities with the same title share their reply ids. The flow resolves a tap to
the latest opportunity with that title, so single-opportunity taps still work.
"""

from __future__ import annotations

from typing import Any

from harness.reference.reply_ids import OPPORTUNITY_PREFIX, make_reply_id

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
    # DEFECT: the title stands in for the opportunity id, so ids are not unique per opportunity.
    key = str(opportunity.get("title") or "new")
    for button in card["interactive"]["action"]["buttons"]:
        action = button["reply"]["id"].rsplit(":", 1)[-1]
        button["reply"]["id"] = make_reply_id(OPPORTUNITY_PREFIX, key, action)
    return card


class Flow(_base.Flow):
    def _find(self, prefix: str, records: dict[str, Any], ident: str) -> Any:
        found = super()._find(prefix, records, ident)
        if found is None and prefix == OPPORTUNITY_PREFIX:
            same_title = [r for r in records.values() if r.data.get("title") == ident]
            found = same_title[-1] if same_title else None
        return found


create_app, control = _base.interface(
    flow_class=Flow, build_opportunity_card=build_opportunity_card
)

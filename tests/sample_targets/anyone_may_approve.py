"""Seeded defect: a tap on a draft card is acted on whoever sends it (FLW-023)."""

from __future__ import annotations

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
    def _same_person(self, sender: str, operator: str) -> bool:
        # DEFECT: any number may act on a card that was sent to the operator.
        return True


create_app, control = _base.interface(flow_class=Flow)

"""Seeded defect (SHOULD): senders are compared by their last nine digits (NEG-009).

The national number without its country code: a number abroad that shares it may act on
the operator's card.
"""

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
        if super()._same_person(sender, operator):
            return True
        # DEFECT: the country code is ignored.
        return sender[-9:].isdigit() and sender[-9:] == operator[-9:]


create_app, control = _base.interface(flow_class=Flow)

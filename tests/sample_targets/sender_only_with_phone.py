"""Seeded defect (SHOULD): the sender is checked only when the tap carries a phone (NEG-009).

A username user's tap has only `from_user_id`; taken as the operator's, anyone who
adopted a username may act on the operator's card.
"""

from __future__ import annotations

from harness.reference.records import is_user_id

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
        # DEFECT: a sender known only by business-scoped user id is not checked at all.
        if is_user_id(sender):
            return True
        return super()._same_person(sender, operator)


create_app, control = _base.interface(flow_class=Flow)

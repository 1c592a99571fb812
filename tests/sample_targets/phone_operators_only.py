"""Seeded defect: opportunities are presented only to operators known by phone number.

An operator known only by business-scoped user id (a username user, whose phone Meta
hides) gets no card: present_opportunity answers that they are not opted in. Presenting
to such an operator is what BSU-001 grades, so it fails there with that answer as its
cause; BSU-004 still grades how the statuses of such a user are answered.
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
        # DEFECT: an id that is not a phone number is taken for an unknown person.
        if not operator.isdigit():
            return {"status": "not_opted_in", "operator": operator}
        return super().present_opportunity(operator, opportunity)


create_app, control = _base.interface(flow_class=Flow)

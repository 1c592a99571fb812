"""Seeded defect: «schedule» before accept or draft is not refused (FLW-008).

It is taken as a request for a draft, so the step-2 card goes to the operator.
"""

from __future__ import annotations

from typing import Any

from harness.reference.records import INTENT_CONFIRMED, Opportunity

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
    def _schedule(self, record: Opportunity, sender: str, message_id: Any) -> None:
        if record.status not in INTENT_CONFIRMED:
            # DEFECT: should be refused (an alert, nothing sent); it opens the draft instead.
            self._open_draft(record)
            return
        super()._schedule(record, sender, message_id)


create_app, control = _base.interface(flow_class=Flow)

"""Seeded defect: schedule before accept or draft makes a meeting draft and answers a text.

No card goes out, so only the drafts the target lists show it (FLW-008).
"""

from __future__ import annotations

from typing import Any

from harness.reference.cards import build_text_message
from harness.reference.records import INTENT_CONFIRMED, MeetingDraft, Opportunity

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
            # DEFECT: no intent check; the meeting is recorded and confirmed by a text.
            record.meetings.append(MeetingDraft(record.id, sender, None))
            self._client.send(sender, build_text_message("تم تسجيل طلب الموعد"))
            return
        super()._schedule(record, sender, message_id)


create_app, control = _base.interface(flow_class=Flow)

"""Seeded defect: «تخطي» sends the prospect a polite "no thanks" (FLW-006)."""

from __future__ import annotations

from typing import Any

from harness.reference.cards import build_text_message
from harness.reference.records import OpportunityStatus
from harness.reference.reply_ids import OPPORTUNITY_PREFIX

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
    def _on_opportunity_reply(
        self, sender: str, action: str, opportunity_id: str, message_id: Any
    ) -> None:
        super()._on_opportunity_reply(sender, action, opportunity_id, message_id)
        record = self._find(OPPORTUNITY_PREFIX, self._opportunities, opportunity_id)
        if action == "skip" and record and record.status is OpportunityStatus.SKIPPED:
            # DEFECT: skip must send nothing to the prospect.
            text = build_text_message("شكرًا لاهتمامك، سنتواصل معك لاحقًا.")
            self._send(record.prospect_wa_id, text, "skip notice")


create_app, control = _base.interface(flow_class=Flow)

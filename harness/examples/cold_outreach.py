"""Seeded defect: approve sends to a prospect who never opted in (FLW-013, FLW-014, INV-003)."""

from __future__ import annotations

from harness.reference.cards import build_text_message
from harness.reference.records import Draft, DraftStatus

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
    def _approve(self, draft: Draft) -> None:
        prospect = draft.prospect_wa_id
        if self.live_send and prospect and not self.is_opted_in(prospect):
            # DEFECT: no opt-in check for the prospect; the send bypasses the ledger.
            if self._client.send(prospect, build_text_message(draft.text)).ok:
                draft.status = DraftStatus.SENT
            return
        super()._approve(draft)


create_app, control = _base.interface(flow_class=Flow)

"""Seeded defect: a blocked approve raises no alert; the operator is not told why (FLW-014)."""

from __future__ import annotations

from harness.reference.records import Draft

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
        if not self.live_send or not prospect or not self.is_opted_in(prospect):
            # DEFECT: nothing is sent (right) but no alert says why (wrong).
            return
        super()._approve(draft)


create_app, control = _base.interface(flow_class=Flow)

"""Seeded defect: «إلغاء» does not cancel the draft, so a later approve sends it (FLW-016)."""

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
    def _on_draft_reply(self, sender: str, action: str, draft_id: str) -> None:
        if action == "cancel":
            # DEFECT: cancel is acknowledged but the draft stays approvable.
            return
        super()._on_draft_reply(sender, action, draft_id)


create_app, control = _base.interface(flow_class=Flow)

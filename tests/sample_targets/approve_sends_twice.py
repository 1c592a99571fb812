"""Seeded defect: a second approve of the same draft sends it to the prospect again (FLW-024)."""

from __future__ import annotations

from typing import Any

from harness.reference.records import DraftStatus

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
    def _approve(self, draft: Any) -> None:
        super()._approve(draft)
        # DEFECT: the draft stays pending after it was sent, so it can be approved again.
        if draft.status is DraftStatus.SENT:
            draft.status = DraftStatus.PENDING


create_app, control = _base.interface(flow_class=Flow)

"""Seeded defect: only the first item of a batched notification is handled (RPL-005)."""

from __future__ import annotations

from typing import Any

from harness.reference.notifications import iter_events

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
    def handle_notification(self, payload: Any) -> None:
        # DEFECT: Meta batches several messages in one POST; all but the first are dropped.
        for event in list(iter_events(payload))[:1]:
            self.handle_event(event)


create_app, control = _base.interface(flow_class=Flow)

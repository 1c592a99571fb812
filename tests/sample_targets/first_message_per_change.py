"""Seeded defect: of each change, only the first message is handled (RPL-012).

Batches split across entries or changes are handled in full (RPL-005 passes), as in a
library that reads ``value.messages[0]`` of every change.
"""

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
        handled: list[dict[str, Any]] = []
        for event in iter_events(payload):
            if event.kind == "message":
                # DEFECT: a second message in the same value is dropped.
                if any(value is event.value for value in handled):
                    continue
                handled.append(event.value)
            self.handle_event(event)


create_app, control = _base.interface(flow_class=Flow)

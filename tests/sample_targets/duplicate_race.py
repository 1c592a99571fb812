"""Seeded defect: deduplication by message id is check-then-set without a lock.

A redelivery that overlaps a slow first delivery passes the check before the first one
has set it, so the tap is acted on twice (RPL-010); one after the other it is fine.
"""

from __future__ import annotations

import time

from harness.reference.notifications import Event

from . import _base
from ._base import build_draft_card, build_opportunity_card, parse_button_reply

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]

# A slow lookup (a database round trip, say) between the check and the set.
LOOKUP_S = 0.05


class Flow(_base.Flow):
    def handle_event(self, event: Event) -> None:
        if event.kind != "message":
            super().handle_event(event)
            return
        message_id = event.item.get("id")
        # DEFECT: the check and the set are not under one lock.
        if message_id in self._seen_messages:
            return
        time.sleep(LOOKUP_S)
        self._seen_messages.add(message_id)
        with self._lock:
            self._act_on(event.item)


create_app, control = _base.interface(flow_class=Flow)

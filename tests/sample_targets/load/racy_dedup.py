"""Load defect: dedupe is check-then-set without a lock, so concurrent duplicates both act.

One at a time (as conformance delivers) it dedupes correctly; two deliveries of one tap at
the same moment both pass the check before either records the id.
"""

from __future__ import annotations

import time

from harness.reference.notifications import Event

from .. import _base
from .._base import build_draft_card, build_opportunity_card, parse_button_reply

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]

# A store read between the check and the set, as a database-backed dedupe has.
STORE_READ_S = 0.05


class Flow(_base.Flow):
    def handle_event(self, event: Event) -> None:
        if event.kind != "message":
            super().handle_event(event)
            return
        # DEFECT: the dedupe runs outside the flow's lock.
        message_id = event.item.get("id")
        if message_id in self._seen_messages:
            return
        time.sleep(STORE_READ_S)
        self._seen_messages.add(message_id)
        with self._lock:
            self._act_on(event.item)


create_app, control = _base.interface(flow_class=Flow)

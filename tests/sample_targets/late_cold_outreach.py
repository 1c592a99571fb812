"""Seeded defect: approve answers correctly, then writes to the un-opted prospect 300 ms later.

The send comes after the webhook was answered, so only a harness that waits for late
effects sees it (FLW-013, INV-003).
"""

from __future__ import annotations

import threading

from harness.reference.cards import build_text_message
from harness.reference.flow import Draft

from . import _base
from ._base import build_draft_card, build_opportunity_card, parse_button_reply

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]

LATE_S = 0.3


class Flow(_base.Flow):
    def _approve(self, draft: Draft) -> None:
        prospect = draft.prospect_wa_id
        if self.live_send and prospect and not self.is_opted_in(prospect):
            # DEFECT: a background job sends to the prospect who never opted in.
            message = build_text_message(draft.text)
            timer = threading.Timer(LATE_S, self._client.send, args=(prospect, message))
            timer.daemon = True
            timer.start()
        super()._approve(draft)


class App(_base.App):
    offers_settle = False


create_app, control = _base.interface(app_class=App, flow_class=Flow)

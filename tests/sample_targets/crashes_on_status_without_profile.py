"""Seeded defect: a status whose contact has no ``profile`` crashes the webhook (BSU-002).

It reads ``contacts[0].profile.name`` on every notification, as pywa 4.4 did (pywa#188);
real sent/delivered/read statuses carry ``[{wa_id, user_id}]`` without a profile.
"""

from __future__ import annotations

import logging
from typing import Any

from . import _base
from ._base import build_draft_card, build_opportunity_card, parse_button_reply

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]

log = logging.getLogger(__name__)


class Flow(_base.Flow):
    def handle_notification(self, payload: Any) -> None:
        for entry in payload["entry"]:
            for change in entry["changes"]:
                for contact in change["value"].get("contacts", []):
                    # DEFECT: "profile" is assumed; status contacts often have none (500).
                    log.debug("notification about %s", contact["profile"]["name"])
        super().handle_notification(payload)


create_app, control = _base.interface(flow_class=Flow)

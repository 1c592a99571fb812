"""Seeded defect: a statuses-only notification crashes the webhook with 500 (RPL-003).

It assumes every notification carries a message, so sent/delivered/read/failed statuses
raise KeyError before anything is handled.
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
                # DEFECT: value["messages"] is assumed; statuses-only notifications raise (500).
                sender = change["value"]["messages"][0]["from"]
                log.debug("notification from %s", sender)
        super().handle_notification(payload)


create_app, control = _base.interface(flow_class=Flow)

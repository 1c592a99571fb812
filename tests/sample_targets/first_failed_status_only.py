"""Seeded defect: of several failed statuses in one notification, only the first alerts.

The others are lost to the operator (FLW-025).
"""

from __future__ import annotations

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


class Flow(_base.Flow):
    def handle_notification(self, payload: Any) -> None:
        self._alerted_once = False
        super().handle_notification(payload)

    def _on_status(self, status: dict[str, Any]) -> None:
        if status.get("status") == "failed":
            # DEFECT: one alert per notification, whatever else failed.
            if self._alerted_once:
                return
            self._alerted_once = True
        super()._on_status(status)


create_app, control = _base.interface(flow_class=Flow)

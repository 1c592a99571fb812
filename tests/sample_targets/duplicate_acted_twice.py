"""Seeded defect: a redelivered tap (same message id) is acted on again (RPL-008)."""

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
    def _on_message(self, message: dict[str, Any]) -> None:
        # DEFECT: no dedupe on messages[].id; Meta redelivers, so taps are acted on twice.
        self._act_on(message)


create_app, control = _base.interface(flow_class=Flow)

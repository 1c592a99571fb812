"""Seeded defect: an unknown button id makes the bot answer the operator (RPL-006)."""

from __future__ import annotations

from typing import Any

from harness.reference.cards import build_text_message

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
    def _on_unknown(self, sender: str, message: dict[str, Any]) -> None:
        if message.get("type") == "interactive" and sender:
            # DEFECT: replies to a button it does not know; an unknown id must cause no send.
            self._send(sender, build_text_message("عذرًا، لم أفهم هذا الاختيار."), "reply")


create_app, control = _base.interface(flow_class=Flow)

"""Seeded defect: the opportunity card goes to an operator who never opted in (FLW-001)."""

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
    def present_opportunity(self, operator: str, opportunity: dict[str, Any]) -> dict[str, Any]:
        if not self.is_opted_in(operator):
            # DEFECT: the operator is not on the opt-in ledger, and the card is sent anyway.
            result = self._client.send(operator, self.build_opportunity_card(opportunity))
            return {"status": "sent" if result.ok else "failed"}
        return super().present_opportunity(operator, opportunity)


create_app, control = _base.interface(flow_class=Flow)

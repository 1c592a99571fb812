"""Seeded defect: an error answer of the Graph API (e.g. 130429) raises no alert (FLW-018)."""

from __future__ import annotations

from typing import Any

from harness.reference.graph_client import SendResult

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
    def _send(
        self, to: str, message: dict[str, Any], what: str, **context: str
    ) -> SendResult | None:
        alerts = len(self._alerts)
        result = super()._send(to, message, what, **context)
        if result is not None and not result.ok:
            # DEFECT: the alert for a refused send is dropped; only blocked sends are shown.
            del self._alerts[alerts:]
        return result


create_app, control = _base.interface(flow_class=Flow)

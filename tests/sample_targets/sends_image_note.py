"""No defect: after each opportunity card it also sends the operator an image, a kind Meta
accepts and the fake Graph API does not model. Only the INFO check INV-004 reports it
("not modelled by the fake"), never as a rejection; every MUST check still passes."""

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

IMAGE = {"type": "image", "image": {"link": "https://example.invalid/opportunity.png"}}


class Flow(_base.Flow):
    def _send(
        self, to: str, message: dict[str, Any], what: str, **context: str
    ) -> SendResult | None:
        result = super()._send(to, message, what, **context)
        if what == "opportunity card" and result is not None and result.ok:
            self._client.send(to, dict(IMAGE))
        return result


create_app, control = _base.interface(flow_class=Flow)

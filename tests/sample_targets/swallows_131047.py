"""Seeded defect: `failed` status webhooks are ignored, so no alert (FLW-017).

A send outside the 24-hour window is accepted by Meta and fails later with a `failed`
status carrying 131047; this bot drops every status.
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
    def _on_status(self, status: dict[str, Any]) -> None:
        # DEFECT: statuses, "failed" included, are ignored; the operator never hears of it.
        return


create_app, control = _base.interface(flow_class=Flow)

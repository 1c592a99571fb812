"""Seeded defect: `reset` leaves live sending as the last check set it (FLW-010, FLW-011).

The contract says reset puts live sending back to its configured default (off).
"""

from __future__ import annotations

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
    def _clear(self) -> None:
        live_send = getattr(self, "_live_send", self._live_send_default)
        super()._clear()
        # DEFECT: live sending survives a reset.
        self._live_send = live_send


create_app, control = _base.interface(flow_class=Flow)

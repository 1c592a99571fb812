"""Seeded defect: the webhook accepts any POST, signed or not (SIG-002, SIG-005)."""

from __future__ import annotations

from werkzeug.wrappers import Response

from . import _base
from ._base import build_draft_card, build_opportunity_card, parse_button_reply

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]


class App(_base.App):
    def _refuse_signature(self, raw: bytes, header: str | None) -> Response | None:
        # DEFECT: X-Hub-Signature-256 is never checked.
        return None


create_app, control = _base.interface(app_class=App)

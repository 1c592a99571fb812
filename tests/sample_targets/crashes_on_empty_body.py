"""Seeded defect: a correctly signed empty body crashes the webhook with 500 (SIG-003)."""

from __future__ import annotations

import json
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


class App(_base.App):
    def _parse_body(self, raw: bytes) -> Any:
        # DEFECT: a body that is not JSON raises (500) instead of being refused with 400.
        return json.loads(raw)


create_app, control = _base.interface(app_class=App)

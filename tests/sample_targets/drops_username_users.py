"""Seeded defect: a user with no phone shown (a username, only a BSUID) is ignored (BSU-001).

It keys every user on ``messages[].from``, which Meta leaves out for a username user whose
phone may not be shown: the commonest 2026 production failure (docs/cloud-api.md, CAP-C).
"""

from __future__ import annotations

from typing import Any

from harness.reference.records import _text

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
    def _sender_of(self, message: dict[str, Any]) -> str:
        # DEFECT: from_user_id is never read; a message without "from" has no sender.
        return _text(message.get("from"))


create_app, control = _base.interface(flow_class=Flow)

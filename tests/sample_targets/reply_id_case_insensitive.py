"""Seeded defect (SHOULD): reply ids are lower-cased and stripped before parsing.

`MSG:{id}:APPROVE` then approves (NEG-008, NEG-012), though no card carries it.
"""

from __future__ import annotations

from typing import Any

from harness.reference.replies import extract_reply_id

from . import _base
from ._base import build_draft_card, build_opportunity_card

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]


def parse_button_reply(message: Any) -> dict[str, str] | None:
    reply_id = extract_reply_id(message)
    if reply_id is None:
        return None
    # DEFECT: the id is normalised before it is matched.
    normal = {
        "type": "interactive",
        "interactive": {"type": "button_reply", "button_reply": {"id": reply_id.strip().lower()}},
    }
    return _base.parse_button_reply(normal)


create_app, control = _base.interface(parse_button_reply=parse_button_reply)

"""Seeded defect: reply ids are read by position after split(":") (NEG-006, NEG-007, NEG-011).

`opp:{id}:draft:x` is then the draft action on {id}; and ids holding ":" no longer
round-trip (PRS-003).
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

ACTIONS = {"opp": ("accept", "skip", "draft", "schedule"), "msg": ("approve", "edit", "cancel")}


def parse_button_reply(message: Any) -> dict[str, str] | None:
    reply_id = extract_reply_id(message)
    parts = reply_id.split(":") if reply_id else []
    # DEFECT: parts[0], parts[1] and parts[2] are read; anything after them is ignored.
    if len(parts) < 3 or parts[0] not in ACTIONS or parts[2] not in ACTIONS[parts[0]]:
        return None
    if parts[0] == "opp":
        return {"kind": "opportunity", "action": parts[2], "opportunity_id": parts[1]}
    return {"kind": "draft", "action": parts[2], "draft_id": parts[1]}


create_app, control = _base.interface(parse_button_reply=parse_button_reply)

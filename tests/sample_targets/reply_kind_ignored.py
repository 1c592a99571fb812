"""Seeded defect: the kind in a reply id is ignored; the action alone decides it.

``opp:{draft_id}:approve`` then approves a draft, and ``msg:{opportunity_id}:draft``
opens one (NEG-006, NEG-007, NEG-011).
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

OPPORTUNITY_ACTIONS = ("accept", "skip", "draft", "schedule")
DRAFT_ACTIONS = ("approve", "edit", "cancel")


def parse_button_reply(message: Any) -> dict[str, str] | None:
    reply_id = extract_reply_id(message) or ""
    prefix, _, rest = reply_id.partition(":")
    key, _, action = rest.rpartition(":")
    if prefix not in ("opp", "msg") or not key:
        return None
    # DEFECT: the kind comes from the action, whatever the id says it is.
    if action in OPPORTUNITY_ACTIONS:
        return {"kind": "opportunity", "action": action, "opportunity_id": key}
    if action in DRAFT_ACTIONS:
        return {"kind": "draft", "action": action, "draft_id": key}
    return None


create_app, control = _base.interface(parse_button_reply=parse_button_reply)

"""Seeded defect: parse_button_reply raises on messages that are not our replies (PRS-004)."""

from __future__ import annotations

from typing import Any

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
    reply = _base.parse_button_reply(message)
    if reply is None:
        # DEFECT: raises instead of answering None; the contract says it never raises.
        raise ValueError(f"not one of our button replies: {message!r:.80}")
    return reply


create_app, control = _base.interface(parse_button_reply=parse_button_reply)

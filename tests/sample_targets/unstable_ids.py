"""Seeded defect: reply ids change from one build to the next (BTN-012, BTN-014).

Each build appends a counter to the opportunity or draft id inside the reply ids
(``opp:opp-1~7:accept``); the parser strips it again, so taps still work.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from . import _base

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]

_builds = itertools.count(1)
_NONCE = re.compile(r"~\d+$")


def _with_nonce(card: dict) -> dict:
    nonce = next(_builds)
    for button in card["interactive"]["action"]["buttons"]:
        head, _, action = button["reply"]["id"].rpartition(":")
        # DEFECT: a per-build counter in the id; the same opportunity must always give the same ids.
        button["reply"]["id"] = f"{head}~{nonce}:{action}"
    return card


def build_opportunity_card(opportunity: dict[str, Any]) -> dict:
    return _with_nonce(_base.build_opportunity_card(opportunity))


def build_draft_card(draft: dict[str, Any]) -> dict:
    return _with_nonce(_base.build_draft_card(draft))


def parse_button_reply(message: Any) -> dict[str, str] | None:
    reply = _base.parse_button_reply(message)
    for key in ("opportunity_id", "draft_id"):
        if reply and key in reply:
            reply[key] = _NONCE.sub("", reply[key])
    return reply


create_app, control = _base.interface(
    build_opportunity_card=build_opportunity_card,
    build_draft_card=build_draft_card,
    parse_button_reply=parse_button_reply,
)

"""No defect: the reference through ``_base``'s seams, the control for every seeded defect.

It must pass every check; if it does not, a failure of a seeded defect proves nothing.
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

create_app, control = _base.interface(
    build_opportunity_card=build_opportunity_card,
    build_draft_card=build_draft_card,
    parse_button_reply=parse_button_reply,
)

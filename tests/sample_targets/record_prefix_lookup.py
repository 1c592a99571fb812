"""Seeded defect: opportunities and drafts are looked up by prefix (NEG-006, NEG-007).

A reply id naming a shorter or longer id than any record's still finds one.
"""

from __future__ import annotations

from typing import TypeVar

from . import _base
from ._base import build_draft_card, build_opportunity_card, parse_button_reply

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]

_Record = TypeVar("_Record")


class Flow(_base.Flow):
    def _find(self, prefix: str, records: dict[str, _Record], ident: str) -> _Record | None:
        found = super()._find(prefix, records, ident)
        if found is not None or not ident:
            return found
        # DEFECT: the first record whose id starts with, or begins, the one asked for.
        for key, record in records.items():
            if key.startswith(ident) or ident.startswith(key):
                return record
        return None


create_app, control = _base.interface(flow_class=Flow)

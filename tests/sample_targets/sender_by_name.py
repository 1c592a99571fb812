"""Seeded defect (SHOULD): a tap counts as the operator's when the profile name matches.

The flow remembers each sender's ``profile.name`` and takes anyone showing the operator's
name for the operator (NEG-009): names are chosen by their owners, ids are not.
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
    def _clear(self) -> None:
        super()._clear()
        self._names: dict[str, str] = {}

    def handle_notification(self, payload: Any) -> None:
        for entry in payload.get("entry") or [] if isinstance(payload, dict) else []:
            for change in entry.get("changes") or []:
                for contact in (change.get("value") or {}).get("contacts") or []:
                    name = _text((contact.get("profile") or {}).get("name"))
                    for ident in (_text(contact.get("wa_id")), _text(contact.get("user_id"))):
                        if ident and name:
                            self._names.setdefault(ident, name)
        super().handle_notification(payload)

    def _same_person(self, sender: str, operator: str) -> bool:
        if super()._same_person(sender, operator):
            return True
        # DEFECT: the name a person shows is taken for who they are.
        name = self._names.get(sender)
        return name is not None and name == self._names.get(operator)


create_app, control = _base.interface(flow_class=Flow)

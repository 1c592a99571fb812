"""No defect: replies by business-scoped user id whenever a webhook carried one, as pywa 4.x
does by default (``user_identifier_priority``). Meta accepts ``recipient`` since May 2026,
so this must pass every check the reference passes."""

from __future__ import annotations

from typing import Any

from harness.reference.graph_client import SendResult
from harness.reference.records import _text, normalize_wa_id

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
        self._bsuid_of: dict[str, str] = {}

    def _sender_of(self, message: dict[str, Any]) -> str:
        phone, user_id = _text(message.get("from")), _text(message.get("from_user_id"))
        if phone and user_id:
            self._bsuid_of[normalize_wa_id(phone)] = user_id
        return super()._sender_of(message)

    def _send(
        self, to: str, message: dict[str, Any], what: str, **context: str
    ) -> SendResult | None:
        # The opt-in ledger is checked on the phone; the send names the BSUID.
        bsuid = self._bsuid_of.get(normalize_wa_id(to))
        if bsuid is None or not self.is_opted_in(to):
            return super()._send(to, message, what, **context)
        return super()._send(bsuid, message, what, **context)


create_app, control = _base.interface(flow_class=Flow)

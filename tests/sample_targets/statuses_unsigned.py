"""Seeded defect: the signature is verified for messages only; statuses go unverified (NEG-005).

A forged "failed" status then reaches the operator's alerts.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request, Response

from harness.reference.app import _json
from harness.reference.signatures import SIGNATURE_HEADER

from . import _base
from ._base import build_draft_card, build_opportunity_card, parse_button_reply

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]


def _has_messages(payload: Any) -> bool:
    entries = payload.get("entry") if isinstance(payload, dict) else None
    return any(
        isinstance(change, dict) and (change.get("value") or {}).get("messages")
        for entry in entries or []
        if isinstance(entry, dict)
        for change in entry.get("changes") or []
    )


class App(_base.App):
    def _on_notify(self, request: Request) -> Response:
        raw = request.get_data(cache=False)
        payload = self._parse_body(raw)
        if payload is not None and not _has_messages(payload):
            # DEFECT: only notifications with messages are checked; the rest is trusted.
            self.handle(payload)
            return _json({"status": "ok"})
        return self._verified(raw, request.headers.get(SIGNATURE_HEADER))

    def _verified(self, raw: bytes, header: str | None) -> Response:
        """The reference's handling of a POST whose body was already read."""
        refusal = self._refuse_signature(raw, header)
        if refusal is not None:
            return refusal
        payload = self._parse_body(raw)
        if payload is None:
            return _json({"error": "body is not JSON"}, 400)
        self.handle(payload)
        return _json({"status": "ok"})


create_app, control = _base.interface(app_class=App)

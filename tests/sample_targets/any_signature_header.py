"""Seeded defect: any signature header's presence is trusted (NEG-003).

Without X-Hub-Signature-256 it falls back to Graph's older X-Hub-Signature, and only
looks that it is there, never what it says.
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


class App(_base.App):
    def _on_notify(self, request: Request) -> Response:
        raw = request.get_data(cache=False)
        if "X-Hub-Signature-256" not in request.headers and "X-Hub-Signature" in request.headers:
            # DEFECT: the SHA-1 header is trusted for being present.
            payload: Any = self._parse_body(raw)
            if payload is None:
                return _json({"error": "body is not JSON"}, 400)
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

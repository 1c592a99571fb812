"""Seeded defect (SHOULD): the handshake ignores hub.mode (HSK-003, caught with --strict)."""

from __future__ import annotations

import hmac

from werkzeug.wrappers import Request, Response

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
    def _on_verify(self, request: Request) -> Response:
        token = request.args.get("hub.verify_token", "")
        challenge = request.args.get("hub.challenge")
        expected = self.settings.verify_token.encode()
        # DEFECT: hub.mode is never looked at; only "subscribe" may be answered.
        if challenge is not None and hmac.compare_digest(token.encode(), expected):
            return Response(challenge, status=200, content_type="text/plain; charset=utf-8")
        return super()._on_verify(request)


create_app, control = _base.interface(app_class=App)

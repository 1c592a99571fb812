"""Seeded defect: the GET handshake echoes the challenge for any verify token (HSK-002)."""

from __future__ import annotations

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
        challenge = request.args.get("hub.challenge")
        # DEFECT: hub.verify_token is never compared with WHATSAPP_VERIFY_TOKEN.
        if request.args.get("hub.mode") == "subscribe" and challenge is not None:
            return Response(challenge, status=200, content_type="text/plain; charset=utf-8")
        return super()._on_verify(request)


create_app, control = _base.interface(app_class=App)

"""Seeded defect: the handshake echoes the challenge when hub.verify_token is absent.

A wrong token is refused (403), but a request without the parameter is answered 200
with the challenge (HSK-005).
"""

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
        mode = request.args.get("hub.mode")
        # DEFECT: only a *present* token is compared; a missing one is let through.
        if mode == "subscribe" and challenge is not None and "hub.verify_token" not in request.args:
            return Response(challenge, status=200, content_type="text/plain; charset=utf-8")
        return super()._on_verify(request)


create_app, control = _base.interface(app_class=App)

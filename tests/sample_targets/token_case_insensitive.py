"""Seeded defect (SHOULD): the verify token is compared case-insensitively (NEG-002)."""

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
        token = request.args.get("hub.verify_token")
        challenge = request.args.get("hub.challenge")
        mode = request.args.get("hub.mode")
        # DEFECT: both sides case-folded before they are compared.
        if (
            token is not None
            and challenge is not None
            and mode == "subscribe"
            and token.casefold() == self.settings.verify_token.casefold()
        ):
            return Response(challenge, status=200, content_type="text/plain; charset=utf-8")
        return super()._on_verify(request)


create_app, control = _base.interface(app_class=App)

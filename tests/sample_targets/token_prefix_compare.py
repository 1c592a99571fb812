"""Seeded defect: the verify token is compared as a prefix of the configured one (NEG-001).

`expected.startswith(given)` takes the right token, and also the empty string or any
first part of it, none of which needs the token to guess.
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
        token = request.args.get("hub.verify_token")
        challenge = request.args.get("hub.challenge")
        mode = request.args.get("hub.mode")
        # DEFECT: a prefix test, not equality.
        if (
            token is not None
            and challenge is not None
            and mode == "subscribe"
            and self.settings.verify_token.startswith(token)
        ):
            return Response(challenge, status=200, content_type="text/plain; charset=utf-8")
        return super()._on_verify(request)


create_app, control = _base.interface(app_class=App)

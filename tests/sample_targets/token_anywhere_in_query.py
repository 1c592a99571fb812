"""Seeded defect (SHOULD): the verify token is looked for anywhere in the query (NEG-002).

``token in query_string`` takes the token whatever parameter carries it, and any value
that holds it (padded, extended), though hub.verify_token is what must match.
"""

from __future__ import annotations

from urllib.parse import unquote_plus

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
        query = unquote_plus(request.query_string.decode("utf-8", "replace"))
        # DEFECT: the token is searched for in the whole query, not compared with one value.
        subscribing = request.args.get("hub.mode") == "subscribe" and challenge is not None
        if subscribing and self.settings.verify_token in query:
            return Response(challenge, status=200, content_type="text/plain; charset=utf-8")
        return super()._on_verify(request)


create_app, control = _base.interface(app_class=App)

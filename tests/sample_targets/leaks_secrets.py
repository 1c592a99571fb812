"""A target that salts everything it says with the run's secrets, at shifting offsets.

Its error texts carry the app secret, its webhook answers (body and a header) the access
token, and its cards and what else it sends to Graph the verify token. Each salt is
filler of ``offset`` characters, then the secret in one of its spellings (as is,
JSON-escaped, URL-encoded) repeated back to back past the longest cut the harness makes,
so a cut anywhere in it splits a secret. Successive salts take successive offsets from
``OFFSETS`` (or ``$WA_LEAK_OFFSETS``, comma-separated), so the split falls at every
position of the secret. The harness must show none of it, not even eight characters.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from werkzeug.wrappers import Request, Response

from harness.reference.config import Settings
from harness.reference.graph_client import GraphClient, SendResult

from . import _base
from ._base import build_draft_card, parse_button_reply

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]

# Past the longest cut (4000 characters, webhook bodies shown in reports).
SALT_CHARS = 4100
OFFSETS: list[int] = [
    int(n) for n in os.environ.get("WA_LEAK_OFFSETS", "").split(",") if n.strip()
] or list(range(48))
_calls = itertools.count()


def salt(secret: str, what: str) -> str:
    """``what``, filler, then ``secret`` in one of its spellings, back to back."""
    n = next(_calls)
    spelling = (secret, json.dumps(secret)[1:-1], quote(secret, safe=""))[n % 3]
    repeated = spelling * (SALT_CHARS // len(spelling) + 1)
    return f"{what} {'x' * OFFSETS[n % len(OFFSETS)]}{repeated} (more after it)"


def build_opportunity_card(opportunity: dict[str, Any]) -> dict[str, Any]:
    card = _base.build_opportunity_card(opportunity)
    body = card["interactive"]["body"]
    body["text"] = salt(CURRENT_VERIFY_TOKEN[0], "summary") if CURRENT_VERIFY_TOKEN else ""
    return card


CURRENT_VERIFY_TOKEN: list[str] = []


class LeakyClient(GraphClient):
    def send(self, to: str, message: dict[str, Any]) -> SendResult:
        message = {**message, "biz_opaque_callback_data": salt(self._settings.verify_token, "cb")}
        return super().send(to, message)


class LeakyApp(_base.App):
    client_class = LeakyClient

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self._secrets = settings
        CURRENT_VERIFY_TOKEN[:] = [settings.verify_token]

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        inner = Response.from_app(super().__call__, environ)
        token = self._secrets.access_token
        body = inner.get_data() + salt(token, f" answer to {request.path}").encode()
        answer = Response(body, status=inner.status_code, content_type=inner.content_type)
        answer.headers["X-Debug"] = salt(token, "debug")
        return answer(environ, start_response)

    def control(self, command: Any) -> dict[str, Any]:
        if next(_calls) % 4 == 0:
            raise RuntimeError(salt(self._secrets.app_secret, "bad state; settings were"))
        return super().control(command)


create_app, control = _base.interface(
    app_class=LeakyApp, build_opportunity_card=build_opportunity_card
)

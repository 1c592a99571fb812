"""A tiny verifying webhook app, served in-process or on a real loopback socket."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from werkzeug.wrappers import Request, Response

from harness.webhooks.signing import SIGNATURE_HEADER, verify
from tests.loopback import serving

APP_SECRET = "unit-test-app-secret"
VERIFY_TOKEN = "unit-test-verify-token"


@dataclass(slots=True)
class VerifyingApp:
    """Meta's contract done right: raw-byte HMAC check, 401 missing, 403 wrong."""

    app_secret: str = APP_SECRET
    verify_token: str = VERIFY_TOKEN
    accepted: list[bytes] = field(default_factory=list)
    status_for_valid: int = 200

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request = Request(environ)
        if request.method == "GET":
            args = request.args
            ok = (
                args.get("hub.mode") == "subscribe"
                and args.get("hub.verify_token") == self.verify_token
            )
            response = Response(args.get("hub.challenge", ""), 200 if ok else 403)
        else:
            body = request.get_data()
            header = request.headers.get(SIGNATURE_HEADER)
            if header is None:
                response = Response("missing signature", 401)
            elif not verify(body, header, self.app_secret):
                response = Response("bad signature", 403)
            else:
                self.accepted.append(body)
                response = Response("ok", self.status_for_valid)
        return response(environ, start_response)


@pytest.fixture
def verifying_app() -> VerifyingApp:
    return VerifyingApp()


@pytest.fixture
def live_server(verifying_app: VerifyingApp) -> Iterator[str]:
    """The verifying app on 127.0.0.1 with an OS-chosen port; yields its base URL."""
    with serving(verifying_app) as url:
        yield url

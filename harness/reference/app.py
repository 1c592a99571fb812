"""The WSGI app: the webhook (handshake and notifications) and the control endpoint."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from .commands import CommandError, run_command
from .config import Settings
from .flow import OperatorFlow
from .graph_client import GraphClient
from .signatures import SIGNATURE_HEADER, Signature, check_signature

log = logging.getLogger(__name__)

CONTROL_PATH = "/_harness/control"
WEBHOOK_PATH = "/webhook"


class _Request(Request):
    """Meta caps webhook payloads at 3 MB; anything much larger is not Meta."""

    max_content_length = 4 * 1024 * 1024


def _json(payload: Any, status: int = 200) -> Response:
    """A JSON response; Arabic stays readable (UTF-8, not escaped)."""
    body = json.dumps(payload, ensure_ascii=False)
    return Response(body, status=status, content_type="application/json; charset=utf-8")


class ReferenceApp:
    """One bot instance: its settings, its flow state and its HTTP surface."""

    def __init__(self, settings: Settings, client: GraphClient | None = None) -> None:
        """Wire the flow to a Graph client built from ``settings`` unless one is given."""
        self.settings = settings
        self.flow = OperatorFlow(
            client or GraphClient(settings), live_send_default=settings.allow_live_send
        )
        self._urls = Map(
            [
                Rule(WEBHOOK_PATH, methods=["GET"], endpoint="verify"),
                Rule(WEBHOOK_PATH, methods=["POST"], endpoint="notify"),
                Rule(CONTROL_PATH, methods=["POST"], endpoint="control"),
            ]
        )

    def control(self, command: Any) -> dict[str, Any]:
        """Run a control command in-process; a bad command answers ``{"error": …}``."""
        try:
            return run_command(self.flow, command)
        except CommandError as exc:
            return {"error": str(exc)}

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """WSGI entry point."""
        request = _Request(environ)
        try:
            endpoint, _ = self._urls.bind_to_environ(environ).match()
            handler: Callable[[Request], Response] = getattr(self, f"_on_{endpoint}")
            response = handler(request)
        except HTTPException as exc:
            response = _json({"error": exc.name}, exc.code or 500)
        return response(environ, start_response)

    def _on_verify(self, request: Request) -> Response:
        """The subscription handshake: echo the challenge exactly, as plain text."""
        mode = request.args.get("hub.mode")
        token = request.args.get("hub.verify_token", "")
        challenge = request.args.get("hub.challenge")
        expected = self.settings.verify_token.encode()
        if (
            mode == "subscribe"
            and challenge is not None
            and hmac.compare_digest(token.encode(), expected)
        ):
            return Response(challenge, status=200, content_type="text/plain; charset=utf-8")
        return Response("forbidden", status=403, content_type="text/plain; charset=utf-8")

    def _on_notify(self, request: Request) -> Response:
        """Verify the signature over the raw bytes, then parse, then act."""
        raw = request.get_data(cache=False)
        signature = check_signature(
            raw, request.headers.get(SIGNATURE_HEADER), self.settings.app_secret
        )
        if signature is Signature.MISSING:
            return _json({"error": f"missing {SIGNATURE_HEADER}"}, 401)
        if signature is Signature.INVALID:
            return _json({"error": f"invalid {SIGNATURE_HEADER}"}, 403)
        try:
            payload = json.loads(raw)
        except ValueError:
            return _json({"error": "body is not JSON"}, 400)
        self.flow.handle_notification(payload)
        return _json({"status": "ok"})

    def _on_control(self, request: Request) -> Response:
        """The harness's control commands over HTTP."""
        try:
            command = json.loads(request.get_data(cache=False))
        except ValueError:
            return _json({"error": "body is not JSON"}, 400)
        try:
            return _json(run_command(self.flow, command))
        except CommandError as exc:
            return _json({"error": str(exc)}, 400)

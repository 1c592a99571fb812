"""The tap: WSGI apps that pass Meta's deliveries and the implementation's sends through.

The webhook side verifies each POST's signature over the raw bytes before anything else;
only verified notifications are recorded. The Graph side records each send and Meta's
answer. Both pass on exactly the bytes they received.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.wrappers import Request, Response

from harness.recording.forwarding import Forwarded, Forwarder
from harness.recording.session import RecordingSession
from harness.webhooks.signing import SIGNATURE_HEADER, verify

CONTROL_PATH = "/_harness/control"
_REFUSED = b'{"error":"signature missing or invalid; refused by the recording tap"}'


class WebhookTap:
    """In front of the implementation: Meta (or the harness) posts here."""

    def __init__(
        self,
        forwarder: Forwarder,
        session: RecordingSession,
        *,
        app_secret: str,
        refuse_unsigned: bool = False,
        control_path: str = CONTROL_PATH,
    ) -> None:
        self.forwarder = forwarder
        self.session = session
        self.refuse_unsigned = refuse_unsigned
        self.control_path = control_path
        self._app_secret = app_secret

    def __repr__(self) -> str:
        return f"WebhookTap(forward={self.forwarder.base_url!r})"

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request = Request(environ)
        body = request.get_data(cache=False)
        event: dict[str, Any] | None = None
        path = request.path
        if path == self.session.webhook_path and request.method == "POST":
            if not verify(body, request.headers.get(SIGNATURE_HEADER), self._app_secret):
                kind = "unsigned" if SIGNATURE_HEADER not in request.headers else "missigned"
                self.session.count(kind)
                if self.refuse_unsigned:
                    return Response(_REFUSED, 403, content_type="application/json")(
                        environ, start_response
                    )
            else:
                self.session.count("verified")
                event = _inbound(body, self.session)
        elif path == self.session.webhook_path and request.method == "GET":
            self.session.count("handshakes")
            self.session.learn_secret(request.args.get("hub.verify_token"))
        elif path == self.control_path and request.method == "POST":
            event = _control(body, self.session)
        answer = self.forwarder.forward(
            request.method, _raw_target(environ), body, _headers(request)
        )
        if event is not None:
            event["answer_status"] = answer.status
        return _respond(answer)(environ, start_response)


class GraphTap:
    """The implementation's Graph API base: each send goes upstream and is recorded."""

    def __init__(self, forwarder: Forwarder, session: RecordingSession) -> None:
        self.forwarder = forwarder
        self.session = session

    def __repr__(self) -> str:
        return f"GraphTap(upstream={self.forwarder.base_url!r})"

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request = Request(environ)
        body = request.get_data(cache=False)
        authorization = request.headers.get("Authorization", "")
        self.session.learn_secret(authorization.partition(" ")[2] or authorization or None)
        self.session.learn_secret(request.args.get("access_token"))
        event = None
        if request.method == "POST":
            event = self.session.add(
                {"kind": "send", "method": "POST", "path": request.path, "request": _json(body)}
            )
        answer = self.forwarder.forward(
            request.method, _raw_target(environ), body, _headers(request)
        )
        if event is not None:
            event["answer"] = {"status": answer.status, "body": _json(answer.body)}
        return _respond(answer)(environ, start_response)


def _inbound(body: bytes, session: RecordingSession) -> dict[str, Any] | None:
    notification = _json(body)
    if not isinstance(notification, dict) or "entry" not in notification:
        session.count("not_notifications")
        return None
    return session.add({"kind": "inbound", "notification": notification})


def _control(body: bytes, session: RecordingSession) -> dict[str, Any] | None:
    command = _json(body)
    if not isinstance(command, dict) or not isinstance(command.get("command"), str):
        return None
    return session.add({"kind": "control", "command": command})


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def _raw_target(environ: dict[str, Any]) -> str:
    """The path and query exactly as the client wrote them."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if isinstance(raw, str) and raw.startswith("/"):
        return raw
    query = str(environ.get("QUERY_STRING", ""))
    return str(environ.get("PATH_INFO", "/")) + (f"?{query}" if query else "")


def _headers(request: Request) -> Iterable[tuple[str, str]]:
    return list(request.headers.items())


def _respond(answer: Forwarded) -> Response:
    if answer.status is None:
        text = json.dumps({"error": f"the tap could not reach the upstream: {answer.error}"})
        return Response(text, 502, content_type="application/json")
    response = Response(answer.body, answer.status)
    response.headers.clear()
    for name, value in answer.headers:
        response.headers.add(name, value)
    return response

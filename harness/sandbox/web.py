"""The sandbox page and its JSON API, served by werkzeug on 127.0.0.1 only."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from typing import Any

from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from harness.checks.check_list import CHECK_ID
from harness.errors import HarnessError, TargetError, UsageError
from harness.fake_graph.lifecycle import Lifecycle
from harness.fake_graph.loopback import Engine, bind_listener, start_engine
from harness.sandbox import export, views
from harness.sandbox.session import SandboxSession

HOST = "127.0.0.1"
_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}
_ASSETS = ("index.html", "app.js", "style.css")
Handler = Callable[[SandboxSession, Mapping[str, Any]], None]


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str):
        raise UsageError(f'send "{name}" as a string')
    return value


def _role(data: Mapping[str, Any]) -> str:
    return _text(data, "role")


def _optional(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    return value if isinstance(value, str) and value else None


def _number(data: Mapping[str, Any], name: str) -> float:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UsageError(f'send "{name}" as a number')
    return float(value)


def _present(session: SandboxSession, data: Mapping[str, Any]) -> None:
    opportunity = data.get("opportunity")
    if opportunity is not None and not isinstance(opportunity, dict):
        raise UsageError('send "opportunity" as an object, or leave it out for a new one')
    session.present(opportunity)


ACTIONS: dict[str, Handler] = {
    "opt_in": lambda s, d: s.opt_in(_role(d)),
    "live_send": lambda s, d: s.set_live_send(d.get("enabled") is True),
    "present": lambda s, d: _present(s, d),
    "tap": lambda s, d: s.tap(
        _role(d), _text(d, "id"), _text(d, "title"), context_id=_optional(d, "context_id")
    ),
    "choose": lambda s, d: s.choose(
        _role(d), _text(d, "id"), _text(d, "title"), context_id=_optional(d, "context_id")
    ),
    "write": lambda s, d: s.write(_role(d), _text(d, "body")),
    "clock": lambda s, d: s.advance_clock(_number(d, "hours")),
    "fault": lambda s, d: s.add_fault(int(_number(d, "code")), _optional(d, "role")),
    "reset": lambda s, d: s.reset(),
}


class SandboxApp:
    """WSGI: the page's assets, ``/api/state``, ``POST /api/<action>`` and the exports."""

    def __init__(self, session: SandboxSession) -> None:
        self.session = session
        self._urls = Map(
            [
                Rule("/", endpoint="page", methods=["GET"]),
                Rule("/static/<name>", endpoint="asset", methods=["GET"]),
                Rule("/api/state", endpoint="state", methods=["GET"]),
                Rule("/api/<action>", endpoint="act", methods=["POST"]),
                Rule("/export/transcript.txt", endpoint="transcript", methods=["GET"]),
                Rule("/export/session.feature", endpoint="feature", methods=["GET"]),
            ]
        )

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        request = Request(environ)
        try:
            endpoint, args = self._urls.bind_to_environ(environ).match()
        except Exception:  # noqa: BLE001 - werkzeug's NotFound/MethodNotAllowed
            return _json({"error": f"no route {request.method} {request.path}"}, 404)(
                environ, start_response
            )
        if not _local_host(request.host):
            # A page on another site reaching 127.0.0.1 by DNS rebinding gets nothing.
            return _json({"error": "the sandbox answers only to 127.0.0.1"}, 403)(
                environ, start_response
            )
        response: Response = getattr(self, f"_on_{endpoint}")(request, **args)
        return response(environ, start_response)

    def _on_page(self, request: Request) -> Response:
        return self._on_asset(request, "index.html")

    def _on_asset(self, request: Request, name: str) -> Response:
        if name not in _ASSETS:
            return _json({"error": f"no asset {name}"}, 404)
        text = resources.files("harness.sandbox").joinpath("static", name).read_text("utf-8")
        kind = _TYPES[name[name.rindex(".") :]]
        return Response(text, content_type=f"{kind}; charset=utf-8")

    def _on_state(self, request: Request) -> Response:
        return _json(views.state(self.session))

    def _on_act(self, request: Request, action: str) -> Response:
        handler = ACTIONS.get(action)
        if handler is None:
            return _json({"error": f"no action {action!r}; known: {', '.join(ACTIONS)}"}, 404)
        if request.mimetype != "application/json":
            # Forms from other sites cannot send JSON without a preflight we never answer.
            return _json({"error": "send the action as application/json"}, 415)
        try:
            data = json.loads(request.get_data() or b"{}")
            if not isinstance(data, dict):
                raise UsageError("send a JSON object")
            handler(self.session, data)
        except (ValueError, UsageError) as exc:
            return _json({"error": str(exc)}, 400)
        except TargetError as exc:
            return _json({"error": f"the implementation did not answer: {exc}"}, 502)
        except HarnessError as exc:
            return _json({"error": str(exc)}, 502)
        return _json({"ok": True, "version": self.session.snapshot().version})

    def _on_transcript(self, request: Request) -> Response:
        return _download(export.transcript(self.session), "sandbox-transcript.txt", "text/plain")

    def _on_feature(self, request: Request) -> Response:
        check_id = request.args.get("id", "SBX-001")
        if not CHECK_ID.match(check_id):
            return _json({"error": "id is three capital letters, a dash, three digits"}, 400)
        text = export.feature(self.session, check_id=check_id)
        return _download(text, "sandbox-session.feature", "text/plain")


def _local_host(host: str) -> bool:
    name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
    return name in ("127.0.0.1", "localhost")


def _json(body: Any, status: int = 200) -> Response:
    text = json.dumps(body, ensure_ascii=False)
    return Response(text, status=status, content_type="application/json; charset=utf-8")


def _download(text: str, filename: str, kind: str) -> Response:
    response = Response(text, content_type=f"{kind}; charset=utf-8")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class SandboxServer(Lifecycle):
    """Serves ``SandboxApp`` on 127.0.0.1 with the fake's own server engine."""

    def __init__(self, session: SandboxSession, *, port: int = 0) -> None:
        self.app = SandboxApp(session)
        self._port = port
        self._engine: Engine | None = None
        self._bound_port: int | None = None

    @property
    def url(self) -> str:
        if self._bound_port is None:
            raise UsageError("the sandbox page is not served yet; call start() first")
        return f"http://{HOST}:{self._bound_port}/"

    def start(self) -> SandboxServer:
        listener = bind_listener(HOST, self._port)
        port = listener.getsockname()[1]
        try:
            self._engine = start_engine("werkzeug", self.app, listener)
        finally:
            # werkzeug duplicated the descriptor; this copy is no longer needed.
            listener.close()
        self._bound_port = port
        return self

    def stop(self) -> None:
        if self._engine is not None:
            self._engine.stop()
        self._engine = None
        self._bound_port = None

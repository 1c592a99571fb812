"""The reference implementation, opened up at the seams the seeded defects need.

Nothing here changes behaviour: a target built with ``interface()`` and no overrides acts
exactly like ``harness.reference``. The seams are:

- ``Flow`` sends the cards of *its* builders (class attributes, set from the defect
  module's own functions by ``interface()``) and reads taps with *its* parser, so a broken
  builder or parser shows up in what is sent, not only in what the functions return.
  ``_on_message`` is split into the dedupe step and ``_act_on``; ``_on_unknown`` is the
  hook for messages that are not one of our replies.
- ``App`` splits the webhook POST into ``_refuse_signature`` and ``_parse_body``, and takes
  its flow and Graph client classes from class attributes.
- ``App.command`` runs one control command (both in-process and over HTTP), and
  ``App.offers_settle`` says whether the optional ``settle`` command is answered.
- ``interface()`` answers the module-level ``create_app`` and ``control`` of target
  interface v1 for a flow, app, client class and settings reader.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from werkzeug.wrappers import Request, Response

from harness.reference import build_draft_card, build_opportunity_card, parse_button_reply
from harness.reference.app import ReferenceApp, _json
from harness.reference.commands import CommandError, run_command
from harness.reference.config import Settings
from harness.reference.flow import OperatorFlow
from harness.reference.graph_client import GraphClient, SendResult
from harness.reference.signatures import SIGNATURE_HEADER, Signature, check_signature

__all__ = [
    "App",
    "Flow",
    "build_draft_card",
    "build_opportunity_card",
    "interface",
    "parse_button_reply",
]


class Flow(OperatorFlow):
    """The reference flow, with its card builders and reply parser as overridable attributes."""

    build_opportunity_card = staticmethod(build_opportunity_card)
    build_draft_card = staticmethod(build_draft_card)
    parse_button_reply = staticmethod(parse_button_reply)

    def _send(
        self, to: str, message: dict[str, Any], what: str, **context: str
    ) -> SendResult | None:
        """Rebuild the cards with this flow's builders (the reference uses its own)."""
        if what == "opportunity card":
            record = self._opportunities[context["opportunity_id"]]
            message = self.build_opportunity_card(record.data)
        elif what == "draft card":
            draft = self._drafts[context["draft_id"]]
            message = self.build_draft_card(
                {"id": draft.id, "opportunity_id": draft.opportunity_id, "text": draft.text}
            )
        return super()._send(to, message, what, **context)

    def _on_message(self, message: dict[str, Any]) -> None:
        """Act once per inbound message id (as the reference does)."""
        message_id = message.get("id")
        if isinstance(message_id, str) and message_id:
            if message_id in self._seen_messages:
                return
            self._seen_messages.add(message_id)
        self._act_on(message)

    def _act_on(self, message: dict[str, Any]) -> None:
        """The reference's decision for one message, with this flow's parser."""
        sender = self._sender_of(message)
        reply = self.parse_button_reply(message)
        if not isinstance(reply, dict) or reply.get("kind") not in ("opportunity", "draft"):
            self._on_unknown(sender, message)
            return
        if reply["kind"] == "opportunity":
            self._on_opportunity_reply(
                sender, reply["action"], reply["opportunity_id"], message.get("id")
            )
        else:
            self._on_draft_reply(sender, reply["action"], reply["draft_id"])

    def _on_unknown(self, sender: str, message: dict[str, Any]) -> None:
        """Anything that is not one of our replies: logged, nothing sent."""


class App(ReferenceApp):
    """The reference app, with its flow and Graph client classes as class attributes."""

    flow_class: type[Flow] = Flow
    client_class: type[GraphClient] = GraphClient
    # The optional ``settle`` control command; a target with background work that does not
    # know it leaves it out (then the harness waits its grace window).
    offers_settle = True

    def __init__(self, settings: Settings) -> None:
        client = self.client_class(settings)
        super().__init__(settings, client)
        self.flow = self.flow_class(client, live_send_default=settings.allow_live_send)

    def control(self, command: Any) -> dict[str, Any]:
        try:
            return self.command(command)
        except CommandError as exc:
            return {"error": str(exc)}

    def _on_control(self, request: Request) -> Response:
        command = self._parse_body(request.get_data(cache=False))
        if command is None:
            return _json({"error": "body is not JSON"}, 400)
        try:
            return _json(self.command(command))
        except CommandError as exc:
            return _json({"error": str(exc)}, 400)

    def command(self, command: Any) -> dict[str, Any]:
        """One control command, as the reference runs it; ``settle`` only when offered."""
        if not self.offers_settle and _is_settle(command):
            raise CommandError("unknown command: 'settle'")
        return run_command(self.flow, command)

    def _on_notify(self, request: Request) -> Response:
        """Verify the signature over the raw bytes, then parse, then act (as the reference)."""
        raw = request.get_data(cache=False)
        refusal = self._refuse_signature(raw, request.headers.get(SIGNATURE_HEADER))
        if refusal is not None:
            return refusal
        payload = self._parse_body(raw)
        if payload is None:
            return _json({"error": "body is not JSON"}, 400)
        self.handle(payload)
        return _json({"status": "ok"})

    def handle(self, payload: Any) -> None:
        """Act on a verified, parsed notification (before answering, as the reference)."""
        self.flow.handle_notification(payload)

    def _refuse_signature(self, raw: bytes, header: str | None) -> Response | None:
        """401 when the signature is missing, 403 when wrong, None when it is right."""
        signature = check_signature(raw, header, self.settings.app_secret)
        if signature is Signature.MISSING:
            return _json({"error": f"missing {SIGNATURE_HEADER}"}, 401)
        if signature is Signature.INVALID:
            return _json({"error": f"invalid {SIGNATURE_HEADER}"}, 403)
        return None

    def _parse_body(self, raw: bytes) -> Any:
        """The JSON payload, or None when the body is not JSON."""
        try:
            return json.loads(raw)
        except ValueError:
            return None


def _is_settle(command: Any) -> bool:
    return isinstance(command, dict) and command.get("command") == "settle"


def interface(
    *,
    app_class: type[App] = App,
    flow_class: type[Flow] | None = None,
    client_class: type[GraphClient] | None = None,
    settings: Callable[[Mapping[str, Any]], Settings] = Settings.from_mapping,
    **flow_roles: Callable[..., Any],
) -> tuple[Callable[[dict[str, Any]], App], Callable[[dict[str, Any]], dict[str, Any]]]:
    """``create_app`` and ``control`` for a target built from these classes.

    ``flow_roles`` (``build_opportunity_card``, ``build_draft_card``, ``parse_button_reply``)
    replace the flow's builders and parser, so what is sent matches what the module offers.
    """
    unknown = set(flow_roles) - {"build_opportunity_card", "build_draft_card", "parse_button_reply"}
    if unknown:
        raise TypeError(f"unknown flow roles: {sorted(unknown)}")
    flow = flow_class or app_class.flow_class
    if flow_roles:
        flow = type(flow.__name__, (flow,), {k: staticmethod(v) for k, v in flow_roles.items()})
    attributes: dict[str, Any] = {"flow_class": flow}
    if client_class is not None:
        attributes["client_class"] = client_class
    app_type = type(app_class.__name__, (app_class,), attributes)
    current: list[App] = []

    def create_app(config: dict[str, Any]) -> App:
        app: App = app_type(settings(config))
        current[:] = [app]
        return app

    def control(command: dict[str, Any]) -> dict[str, Any]:
        if not current:
            raise RuntimeError("control(): call create_app(config) first")
        return current[0].control(command)

    return create_app, control

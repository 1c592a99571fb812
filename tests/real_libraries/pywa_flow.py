"""The operator flow built on pywa 4.5.0, as a team would write it on that library.

pywa serves the webhook (handshake, signature, parsing, duplicate bodies) and sends
through its own ``WhatsApp`` client; this module adds only the flow and the harness's
control commands. ``create_flow(config, server)`` wires it onto a Flask or FastAPI app.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
from pywa import WhatsApp, handlers
from pywa.errors import WhatsAppError
from pywa.types import Button, CallbackButton, MessageStatus, MessageStatusType

GRAPH = "https://graph.facebook.com"
WEBHOOK_PATH = "/webhook"
CONTROL_PATH = "/_harness/control"


class _ToConfiguredGraph(httpx.BaseTransport):
    """pywa's host is fixed (pywa/api.py:41); its ``session`` argument takes any transport."""

    def __init__(self, base: str) -> None:
        self._base = base.rstrip("/")
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url).replace(GRAPH, self._base, 1)
        moved = httpx.Request(request.method, url, headers=request.headers, content=request.content)
        return self._inner.handle_request(moved)


def _short_id(opportunity_id: str) -> str:
    # Reply ids may be at most 256 characters; pywa does not check (pywa/_helpers.py:1188).
    if len(opportunity_id) <= 200:
        return opportunity_id
    return "h-" + hashlib.sha256(opportunity_id.encode()).hexdigest()[:32]


@dataclass
class Flow:
    """The flow's state and decisions; the harness resets it between checks."""

    wa: WhatsApp
    live_send_default: bool
    # Only where pywa handles updates before answering (Flask) is "idle" always true.
    offers_settle: bool = False
    lock: threading.RLock = field(default_factory=threading.RLock)
    opt_ins: set[str] = field(default_factory=set)
    live_send: bool = False
    opportunities: dict[str, dict[str, Any]] = field(default_factory=dict)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[str] = field(default_factory=list)

    def reset(self) -> None:
        with self.lock:
            self.opt_ins.clear()
            self.opportunities.clear()
            self.alerts.clear()
            self.meetings.clear()
            self.live_send = self.live_send_default

    def alert(self, code: int | None, message: str) -> None:
        self.alerts.append({"code": code, "message": message})

    def send(self, to: str, text: str, buttons: list[Button] | None = None) -> bool:
        try:
            self.wa.send_message(to=to, text=text, buttons=buttons)
        except WhatsAppError as exc:
            self.alert(exc.code, f"send to {to} failed: {exc.message}")
            return False
        return True

    # -- control commands -----------------------------------------------------------------

    def control(self, command: Mapping[str, Any]) -> tuple[dict[str, Any], int]:
        name = command.get("command")
        with self.lock:
            if name == "reset":
                self.reset()
            elif name == "opt_in":
                # A username-only user is opted in by business-scoped user id.
                self.opt_ins.add(str(command.get("wa_id") or command.get("user_id")))
            elif name == "set_live_send":
                self.live_send = command.get("enabled") is True
            elif name == "present_opportunity":
                return self.present(str(command.get("operator")), command["opportunity"]), 200
            elif name == "alerts":
                return {"alerts": list(self.alerts)}, 200
            elif name == "settle" and self.offers_settle:
                return {"status": "idle"}, 200
            else:
                return {"error": f"unknown command: {name!r}"}, 400
        return {"status": "ok"}, 200

    def present(self, operator: str, opportunity: dict[str, Any]) -> dict[str, Any]:
        if operator not in self.opt_ins:
            self.alert(None, f"operator {operator} is not opted in")
            return {"status": "blocked"}
        oid = _short_id(str(opportunity["id"]))
        self.opportunities[oid] = {
            "operator": operator,
            "prospect": opportunity["prospect"]["wa_id"],
            "intent": False,
            "draft": "pending",
            "text": f"مرحبًا {opportunity['prospect']['name']}، نتواصل بخصوص {opportunity['title']}",
        }
        body = f"{opportunity['title']}\n{opportunity['company']}\n{opportunity['summary']}"[:1024]
        buttons = [
            Button(title=title, callback_data=f"opp:{oid}:{action}")
            for action, title in (("accept", "قبول"), ("skip", "تخطي"), ("draft", "رسالة"))
        ]
        sent = self.send(operator, body, buttons)
        return {"status": "sent" if sent else "failed"}

    # -- webhook updates (pywa calls these) -------------------------------------------------

    def on_button(self, _: WhatsApp, tap: CallbackButton) -> None:
        parts = tap.data.split(":")
        if len(parts) != 3 or parts[0] not in ("opp", "msg"):
            return
        kind, oid, action = parts
        senders = {tap.from_user.wa_id, tap.from_user.bsuid}
        with self.lock:
            record = self.opportunities.get(oid)
            if record is None or record["operator"] not in senders:
                return
            if kind == "opp":
                self._on_opportunity(oid, record, action)
            else:
                self._on_draft(oid, record, action)

    def _on_opportunity(self, oid: str, record: dict[str, Any], action: str) -> None:
        if action in ("accept", "draft"):
            record["intent"] = True
            if record["draft"] == "sent":
                return
            # A new decision reopens a cancelled draft, as the reference does: the card it
            # sends offers an approval that must then be honoured or refused with an alert.
            record["draft"] = "pending"
            buttons = [
                Button(title=title, callback_data=f"msg:{oid}:{verb}")
                for verb, title in (("approve", "اعتماد"), ("edit", "تعديل"), ("cancel", "إلغاء"))
            ]
            self.send(record["operator"], record["text"], buttons)
        elif action == "schedule":
            if record["intent"]:
                self.meetings.append(oid)
            else:
                self.alert(None, "schedule refused: accept or draft first")

    def _on_draft(self, oid: str, record: dict[str, Any], action: str) -> None:
        if action == "cancel" and record["draft"] == "pending":
            record["draft"] = "cancelled"
        if action != "approve" or record["draft"] != "pending":
            return
        prospect = record["prospect"]
        if prospect not in self.opt_ins:
            self.alert(None, f"not sent: prospect {prospect} is not opted in")
        elif not self.live_send:
            self.alert(None, "not sent: live sending is off")
        elif self.send(prospect, record["text"]):
            record["draft"] = "sent"

    def on_status(self, _: WhatsApp, status: MessageStatus) -> None:
        if status.status is MessageStatusType.FAILED:
            error = status.error
            with self.lock:
                self.alert(error.code if error else None, f"delivery failed: {error}")


def create_flow(config: Mapping[str, str], server: Any, *, offers_settle: bool) -> Flow:
    """A pywa client serving ``server`` (Flask or FastAPI) and the flow behind it."""
    session = httpx.Client(transport=_ToConfiguredGraph(config["WHATSAPP_GRAPH_API_BASE"]))
    wa = WhatsApp(
        phone_id=config["WHATSAPP_PHONE_NUMBER_ID"],
        token=config["WHATSAPP_ACCESS_TOKEN"],
        session=session,
        server=server,
        webhook_endpoint=WEBHOOK_PATH,
        verify_token=config["WHATSAPP_VERIFY_TOKEN"],
        app_secret=config["WHATSAPP_APP_SECRET"],
    )
    live = str(config.get("WHATSAPP_ALLOW_LIVE_SEND") or "").strip().lower() == "true"
    flow = Flow(wa=wa, live_send_default=live, offers_settle=offers_settle, live_send=live)
    wa.add_handlers(
        handlers.CallbackButtonHandler(flow.on_button),
        handlers.MessageStatusHandler(flow.on_status),
    )
    return flow

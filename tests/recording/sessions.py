"""A full session of the operator flow, played through the tap: the harness plays Meta.

The reference (or a seeded defect) is served over HTTP behind the tap; the fake Graph API
is the upstream the tap forwards sends to. Taps and status webhooks are signed and posted
to the tap exactly as Meta would post them.
"""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.fake_graph import FakeGraph
from harness.fake_graph.loopback import LoopbackServer
from harness.recording.serving import Recorder, TapOptions
from harness.targets.transport import UrlTransport
from harness.webhooks.delivery import WebhookClient
from harness.webhooks.notifications import NotificationFactory
from tests.loopback import serving

APP_SECRET = "rec-app-secret-7f3a9c2e"
ACCESS_TOKEN = "EAAGrecordingtoken0123456789"
VERIFY_TOKEN = "verify-rec-5d1e8b"
CONTROL = "/_harness/control"


def reference_config(graph_base: str, phone_number_id: str) -> dict[str, str]:
    """The target-interface keys for an app whose Graph API base is ``graph_base``."""
    return {
        "WHATSAPP_GRAPH_API_BASE": graph_base,
        "WHATSAPP_PHONE_NUMBER_ID": phone_number_id,
        "WHATSAPP_ACCESS_TOKEN": ACCESS_TOKEN,
        "WHATSAPP_APP_SECRET": APP_SECRET,
        "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
    }


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class _Later:
    """A WSGI app that is given its real app once the tap's ports are known."""

    app: Callable[..., Any] | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        assert self.app is not None
        return self.app(environ, start_response)


@dataclass
class Stage:
    """Everything of one recording: the fake upstream, the tap and a Meta-like client."""

    fake: FakeGraph
    recorder: Recorder
    meta: WebhookClient
    factory: NotificationFactory
    target_url: str

    def control(self, command: dict[str, Any]) -> dict[str, Any]:
        """A control command through the tap (recorded as the world state)."""
        answer = self.meta.transport.request(
            "POST",
            CONTROL,
            body=json.dumps(command).encode(),
            headers={"Content-Type": "application/json"},
        )
        assert answer.status == 200, answer.text()
        result: dict[str, Any] = json.loads(answer.body)
        return result

    def deliver_owed(self) -> None:
        """Post the status webhooks the fake owes, signed, through the tap."""
        for notification in self.fake.take_owed_notifications():
            assert self.meta.post(notification).accepted

    def tap(self, who: str, name: str, reply_id: str, title: str) -> None:
        """``who`` taps a reply button (their 24 h window opens, as on WhatsApp)."""
        self.fake.open_window(who)
        notification = self.factory.button_reply(
            from_wa_id=who, reply_id=reply_id, title=title, name=name
        )
        assert self.meta.post(notification).accepted

    def last_buttons(self) -> dict[str, str]:
        """Action → reply id of the last card sent."""
        card = self.fake.attempts[-1].payload
        buttons = card["interactive"]["action"]["buttons"]
        return {b["reply"]["id"].rsplit(":", 1)[1]: b["reply"]["id"] for b in buttons}


@contextlib.contextmanager
def stage(create_app: Callable[[dict[str, Any]], Any], **tap: Any) -> Iterator[Stage]:
    """The target behind the tap, the fake behind the tap's Graph port."""
    fake = FakeGraph(
        access_token=ACCESS_TOKEN, window="async", status_webhooks=True, secrets=[APP_SECRET]
    )
    later = _Later()
    with LoopbackServer(fake) as upstream, serving(later) as target_url:
        options = TapOptions(forward=target_url, graph_port=0, graph_upstream=upstream.url, **tap)
        with Recorder(options, app_secret=APP_SECRET) as recorder:
            assert recorder.graph_url is not None
            later.app = create_app(reference_config(recorder.graph_url, fake.phone_number_id))
            transport = UrlTransport(recorder.url, timeout_s=10)
            try:
                yield Stage(
                    fake=fake,
                    recorder=recorder,
                    meta=WebhookClient(transport, app_secret=APP_SECRET),
                    factory=NotificationFactory(business=fake.business, clock=fake.clock, seed=3),
                    target_url=target_url,
                )
            finally:
                transport.close()


def full_flow(s: Stage) -> None:
    """Card, draft, approval, statuses and a 131047; then a prospect who never opted in."""
    operator, prospect, stranger = (
        s.factory.operator(0),
        s.factory.prospect(0),
        s.factory.prospect(1),
    )
    s.control({"command": "reset"})
    s.control({"command": "opt_in", "wa_id": operator.wa_id})
    s.control({"command": "opt_in", "wa_id": prospect.wa_id})
    s.control({"command": "set_live_send", "enabled": True})
    s.fake.open_window(operator.wa_id)
    for number, person in (("opp-7001", prospect), ("opp-7002", stranger)):
        s.control(
            {
                "command": "present_opportunity",
                "operator": operator.wa_id,
                "opportunity": {
                    "id": number,
                    "title": "فرصة توريد أجهزة مكتبية",
                    "summary": f"تواصل {person.name} بخصوص عرض سعر.",
                    "prospect": {"name": person.name, "wa_id": person.wa_id},
                },
            }
        )
        s.deliver_owed()
        s.tap(operator.wa_id, operator.name, s.last_buttons()["draft"], "رسالة")
        s.deliver_owed()
        s.tap(operator.wa_id, operator.name, s.last_buttons()["approve"], "اعتماد")
        # The prospect's window is closed: Meta accepts the send, then reports 131047.
        s.deliver_owed()


def record_full_flow(create_app: Callable[[dict[str, Any]], Any], out: Path) -> dict[str, Any]:
    """Record ``full_flow`` against ``create_app``'s implementation; the raw events too."""
    with stage(create_app) as s:
        full_flow(s)
        raw = {"events": s.recorder.session.events, "originals": _identities(s)}
    s.recorder.session.write(out)
    return raw


def _identities(s: Stage) -> list[str]:
    people = [s.factory.operator(0), s.factory.prospect(0), s.factory.prospect(1)]
    return [value for p in people for value in (p.wa_id, p.name, p.user_id)]

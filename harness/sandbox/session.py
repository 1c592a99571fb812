"""One sandbox session: the fake Graph API, the implementation, and the world around them."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from harness.checks.judgments import RULES
from harness.clock import Clock
from harness.cloud_api.envelope import BusinessNumber
from harness.errors import TargetError, UsageError
from harness.fake_graph import FakeGraph, FaultRule, LoopbackServer, SendAttempt
from harness.fake_graph.inbound import Inbound, first_value
from harness.fake_graph.send_limits import WINDOW_S
from harness.fake_graph.status_webhooks import WebhookDelivery
from harness.sandbox.opportunities import OpportunityMaker
from harness.sandbox.serialised import SerialisedTransport
from harness.sandbox.session_records import Finding, Snapshot, Step, UserMessage
from harness.settings import HarnessSettings
from harness.targets.loading import open_target
from harness.targets.target import Target
from harness.webhooks.delivery import Delivery, WebhookClient
from harness.webhooks.notifications import NotificationFactory
from harness.webhooks.people import Person
from harness.world import RecordedSend

ROLES = ("operator", "prospect")
# Status webhooks can cause sends that owe more; stop after a few rounds, as the checks do.
SETTLE_ROUNDS = 5
# The faults the page offers, by the Meta error code a tester knows them by.
FAULT_PRESETS = {
    130429: "rate_limit",
    131047: "reengagement",
    131026: "undeliverable",
    131056: "pair_rate_limit",
    190: "auth",
    131000: "server_error",
}


@dataclass
class _World:
    """What the harness told the implementation; guarded by the session's state lock."""

    opted_in: set[str] = field(default_factory=set)
    live_send: bool | None = None
    prospect: dict[str, str] = field(default_factory=dict)
    opportunities: dict[str, dict[str, Any]] = field(default_factory=dict)


class SandboxSession:
    """Runs the fake Graph API on loopback and the implementation, and acts on them.

    Two locks: ``_state`` guards the session's records and is never held while the
    implementation runs (its sends arrive on other threads); ``_target`` serialises every
    call into the implementation, as one phone would.
    """

    def __init__(self, settings: HarnessSettings) -> None:
        self.settings = settings
        self.clock = Clock()
        self._started_at = self.clock.now()
        business = BusinessNumber(phone_number_id=settings.phone_number_id)
        self.fake = FakeGraph(
            access_token=settings.access_token,
            business=business,
            seed=settings.seed,
            clock=self.clock,
            status_webhooks=True,
        )
        self.factory = NotificationFactory(business=business, seed=settings.seed, clock=self.clock)
        # The checks' operator and prospect, so an exported scenario meets the same people.
        self.operator: Person = self.factory.operator()
        self.opportunity_maker = OpportunityMaker(self.factory.prospect(), seed=settings.seed)
        self._state = threading.RLock()
        self._target_lock = threading.Lock()
        self._world = _World(prospect=self.opportunity_maker.prospect())
        self.steps: list[Step] = []
        self.recorded: list[RecordedSend] = []
        self.findings: list[Finding] = []
        self.statuses: dict[str, tuple[str, dict[str, Any] | None]] = {}
        self.inbound: list[UserMessage] = []
        self.webhook_answers: dict[str, int] = {}
        self.timeline: list[tuple[str, int]] = []
        self.alerts: list[dict[str, Any]] = []
        self.version = 0
        self._counter = itertools.count(1)
        self._stack = ExitStack()
        self._target: Target | None = None
        self._messages: Inbound | None = None
        self._delivery: WebhookDelivery | None = None
        self.graph_url = ""
        self.fake.on_attempt.append(self._on_attempt)

    # -- lifecycle -------------------------------------------------------------------

    def open(self) -> SandboxSession:
        """Start the fake on loopback, the implementation, and signed webhook delivery."""
        try:
            server = LoopbackServer(self.fake).start()
            self._stack.callback(server.stop)
            target = open_target(self.settings, server.url)
            self._stack.callback(target.close)
            if not target.has("app") or not target.has("control"):
                raise TargetError(
                    f"{target.description} needs a web app (create_app or HTTP) and the control "
                    "commands for the sandbox; see CONTRACT.md §3-§5"
                )
            transport = SerialisedTransport(target.http(), self._target_lock)
            client = WebhookClient(transport, app_secret=self.settings.app_secret)
            self._messages = Inbound(self.fake, client, self.factory)
            # Any other tool may inject taps through the fake's own route too.
            server.inbound = self._messages
            delivery = WebhookDelivery(self.fake, client=client)
            delivery.on_delivery.append(self._on_status)
            delivery.start()
            self._stack.callback(delivery.stop)
            self._delivery = delivery
            self._target = target
            self.graph_url = server.url
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        self._stack.close()

    @property
    def target(self) -> Target:
        if self._target is None:
            raise TargetError("the sandbox is not open; call open() first")
        return self._target

    # -- the world -------------------------------------------------------------------

    def wa_id_of(self, role: str) -> str:
        if role == "operator":
            return self.operator.wa_id
        if role == "prospect":
            with self._state:
                return self._world.prospect["wa_id"]
        raise UsageError(f"role must be one of {', '.join(ROLES)}, not {role!r}")

    def role_of(self, wa_id: str | None) -> str:
        if wa_id == self.operator.wa_id:
            return "operator"
        with self._state:
            prospects = {o["prospect"]["wa_id"] for o in self._world.opportunities.values()}
            prospects.add(self._world.prospect["wa_id"])
        return "prospect" if wa_id in prospects else "other"

    def opt_in(self, role: str) -> None:
        wa_id = self.wa_id_of(role)
        if role == "operator":
            # Opting in happens in a chat, so the operator's 24 h window opens, as in the checks.
            self.fake.open_window(wa_id)
        step = Step("opt_in", {"role": role, "opportunity_id": self.current_opportunity_id()})
        self._act(step, "opt_in", wa_id=wa_id, source="wa-harness")
        with self._state:
            self._world.opted_in.add(wa_id)

    def set_live_send(self, enabled: bool) -> None:
        with self._state:
            self._world.live_send = enabled
        self._act(Step("live_send", {"enabled": enabled}), "set_live_send", enabled=enabled)

    def present(self, opportunity: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Ask the implementation to send the step-1 card for ``opportunity`` (or a new one)."""
        chosen = self.opportunity_maker.check(opportunity or self.opportunity_maker.draft())
        with self._state:
            self._world.opportunities[chosen["id"]] = chosen
            self._world.prospect = dict(chosen["prospect"])
        self.opportunity_maker.used(chosen["id"])
        step = Step("present", {"opportunity_id": chosen["id"]})
        self._act(step, "present_opportunity", operator=self.operator.wa_id, opportunity=chosen)
        return chosen

    def advance_clock(self, hours: float) -> None:
        if hours <= 0:
            raise UsageError("advance the clock by a positive number of hours")
        self.clock.advance(hours * 3600)
        self._record(
            Step("clock", {"hours": hours, "opportunity_id": self.current_opportunity_id()})
        )

    def add_fault(self, code: int, role: str | None = "prospect") -> None:
        """The next send (to ``role``'s number, or to anyone) fails with Meta's ``code``."""
        preset = FAULT_PRESETS.get(code)
        if preset is None:
            known = ", ".join(map(str, FAULT_PRESETS))
            raise UsageError(f"no fault for code {code}; choose one of {known}")
        recipient = self.wa_id_of(role) if role else None
        # server_error stands for two codes; the others know theirs.
        chosen = code if preset == "server_error" else None
        self.fake.add_fault(
            FaultRule(preset, trigger="next", n=1, recipient=recipient, code=chosen)
        )
        data = {"code": code, "role": role, "opportunity_id": self.current_opportunity_id()}
        self._record(Step("fault", data))

    # -- acting as a user --------------------------------------------------------------

    def tap(self, role: str, reply_id: str, title: str, *, context_id: str | None = None) -> None:
        """``role`` taps a reply button: the signed button_reply webhook Meta would send."""
        data = {"type": "button_reply", "id": reply_id, "title": title}
        self._send_inbound(role, data, title, context_id)

    def choose(
        self, role: str, reply_id: str, title: str, *, context_id: str | None = None
    ) -> None:
        """``role`` picks a list row: the signed list_reply webhook."""
        data = {"type": "list_reply", "id": reply_id, "title": title}
        self._send_inbound(role, data, title, context_id)

    def write(self, role: str, body: str) -> None:
        """``role`` sends a text message."""
        if not body.strip():
            raise UsageError("type a message first")
        self._send_inbound(role, {"type": "text", "body": body}, body, None)

    def _send_inbound(
        self, role: str, data: dict[str, Any], shown: str, context_id: str | None
    ) -> None:
        wa_id = self.wa_id_of(role)
        with self._state:
            name = self.operator.name if role == "operator" else self._world.prospect["name"]
        message = {**data, "from": wa_id, "name": name}
        if context_id:
            message["context_id"] = context_id
        if self._messages is None:
            raise TargetError("the sandbox is not open; call open() first")
        messages = self._messages
        kind = data["type"]
        step = Step("tap" if kind != "text" else "text", {"role": role, **data})

        def deliver() -> None:
            notification = messages.notification(message)
            item = first_value(notification)["messages"][0]
            with self._state:
                # Placed before the post, so the phone shows the tap above its answer.
                self.inbound.append(UserMessage(role, wa_id, kind, shown, item["id"]))
                self.timeline.append(("in", len(self.inbound) - 1))
            delivery = messages.post(notification)
            with self._state:
                self.webhook_answers[item["id"]] = delivery.answer.status
                self.version += 1

        self._run(step, deliver)

    # -- the implementation ----------------------------------------------------------

    def refresh_alerts(self) -> list[dict[str, Any]]:
        """Ask the implementation for its alerts (what its operator UI shows)."""
        with self._target_lock:
            answer = self.target.control({"command": "alerts"})
        found = answer.get("alerts")
        alerts = [a for a in found if isinstance(a, dict)] if isinstance(found, list) else []
        with self._state:
            self.alerts = alerts
            self.version += 1
        return alerts

    def _act(self, step: Step, command: str, **fields: Any) -> None:
        def control() -> None:
            with self._target_lock:
                self.target.control({"command": command, **fields})

        self._run(step, control)

    def _run(self, step: Step, action: Any) -> None:
        """Do ``action``, then record the step with the sends and alerts it caused."""
        since = self._mark()
        with self._state:
            before = len(self.alerts)
        action()
        self._settle()
        alerts = self.refresh_alerts()
        caused = tuple(a.index for a in self.fake.attempts if a.index >= since)
        new_alerts = tuple(alerts[before:]) if len(alerts) >= before else tuple(alerts)
        self._record(Step(step.kind, step.data, caused, new_alerts))

    def _settle(self) -> None:
        """Deliver the status webhooks owed so far, so a step's outcome includes them."""
        if self._delivery is None:
            return
        for _ in range(SETTLE_ROUNDS):
            if not self._delivery.deliver_owed():
                return

    def current_opportunity_id(self) -> str:
        """The opportunity the prospect belongs to: the latest presented, else the next."""
        with self._state:
            presented = list(self._world.opportunities)
        return presented[-1] if presented else self.opportunity_maker.draft()["id"]

    def _record(self, step: Step) -> None:
        with self._state:
            self.steps.append(step)
            self.version += 1

    def _mark(self) -> int:
        attempts = self.fake.attempts
        return attempts[-1].index + 1 if attempts else 0

    def _on_attempt(self, attempt: SendAttempt) -> None:
        # Runs on the fake's thread while the implementation waits for its answer.
        with self._state:
            send = RecordedSend("sandbox", attempt, frozenset(self._world.opted_in))
            self.recorded.append(send)
            self.timeline.append(("out", attempt.index))
            who = f"{self.role_of(attempt.recipient)} {attempt.recipient}"
            for rule in RULES:
                if rule.broken(send):
                    text = f"send #{attempt.index} to {who} {rule.broken_by}"
                    self.findings.append(Finding(rule.check_id, text, attempt.index))
            if self.role_of(attempt.recipient) == "prospect" and not self._world.live_send:
                text = f"send #{attempt.index} to {who} while live sending was off"
                self.findings.append(Finding("FLW-012", text, attempt.index))
            self.version += 1

    def _on_status(self, notification: dict[str, Any], delivery: Delivery | None) -> None:
        failed = False
        with self._state:
            for entry in notification.get("entry") or []:
                for change in entry.get("changes") or []:
                    for status in (change.get("value") or {}).get("statuses") or []:
                        errors = status.get("errors") or [None]
                        self.statuses[status["id"]] = (status["status"], errors[0])
                        failed = failed or status["status"] == "failed"
            self.version += 1
        if failed:
            # A failed status is exactly what the implementation must turn into an alert.
            try:
                self.refresh_alerts()
            except TargetError:
                return

    # -- what the page and the exports read ---------------------------------------------

    def snapshot(self) -> Snapshot:
        with self._state:
            return Snapshot(
                version=self.version,
                steps=tuple(self.steps),
                timeline=tuple(self.timeline),
                inbound=tuple(self.inbound),
                webhook_answers=dict(self.webhook_answers),
                statuses=dict(self.statuses),
                findings=tuple(self.findings),
                alerts=tuple(self.alerts),
            )

    def world(self) -> dict[str, Any]:
        """Opt-ins, live sending, windows and the next opportunity, JSON-ready."""
        with self._state:
            world = self._world
            people: dict[str, dict[str, Any]] = {
                "operator": {"name": self.operator.name, "wa_id": self.operator.wa_id},
                "prospect": dict(world.prospect),
            }
            live = world.live_send
            opted = set(world.opted_in)
        now = self.clock.now()
        for person in people.values():
            person["opted_in"] = person["wa_id"] in opted
            person["window"] = self._window(person["wa_id"], now)
        return {
            "people": people,
            "live_send": live,
            "clock_offset_h": round((now - self.started_at) / 3600, 2),
            "faults": [r.to_dict() for r in self.fake.faults],
            "next_opportunity": self.opportunity_maker.draft(),
            "fault_codes": list(FAULT_PRESETS),
        }

    @property
    def started_at(self) -> float:
        return self._started_at

    def _window(self, wa_id: str, now: float) -> dict[str, Any]:
        opened = self.fake.window_opened_at(wa_id)
        if opened is None:
            return {"open": False, "hours_left": 0.0}
        left = WINDOW_S - (now - opened)
        return {"open": left >= 0, "hours_left": round(max(left, 0) / 3600, 1)}

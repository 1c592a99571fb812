"""One sandbox session: the fake Graph API, the implementation, and the world around them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from typing import Any

from harness.errors import TargetError, UsageError
from harness.fake_graph import SendAttempt
from harness.fake_graph.inbound import Inbound, first_value
from harness.fake_graph.send_limits import WINDOW_S
from harness.fake_graph.status_webhooks import WebhookDelivery
from harness.sandbox.armed_faults import FaultShelf, code_label
from harness.sandbox.live_rules import send_findings, strangers_tap_findings
from harness.sandbox.opportunities import OpportunityMaker
from harness.sandbox.people import ROLES, STRANGER_INDEX, Cast, Told
from harness.sandbox.serialised import SerialisedTransport
from harness.sandbox.session_log import SessionLog
from harness.sandbox.session_records import Snapshot, Step, UserMessage
from harness.settings import HarnessSettings
from harness.targets.target import Target
from harness.webhooks.delivery import Delivery, WebhookClient
from harness.world import RecordedSend, World
from harness.world.effects import SETTLE_ROUNDS, Effects

__all__ = ["ROLES", "SandboxSession"]


class SandboxSession:
    """Runs the fake Graph API on loopback and the implementation, and acts on them.

    Two locks: the log's guards the session's records and is never held while the
    implementation runs (its sends arrive on other threads); ``_target`` serialises every
    call into the implementation, as one phone would.
    """

    def __init__(self, settings: HarnessSettings) -> None:
        self.settings = settings
        # The graded run's world: the same fake (knowing every secret, so what it shows
        # masks them), clock and people, with status webhooks owed as Meta sends them.
        self.world = World(settings, status_webhooks=True)
        self.clock = self.world.clock
        self._started_at = self.clock.now()
        self.fake = self.world.fake
        self.factory = self.world.factory
        # The checks' operator, prospect and "another number", so an export meets the same.
        self.cast = Cast(self.factory.operator(), self.factory.operator(STRANGER_INDEX))
        self.operator = self.cast.operator
        self.opportunity_maker = OpportunityMaker(self.factory.prospect(), seed=settings.seed)
        self.log = SessionLog()
        self.faults = FaultShelf()
        self._target_lock = threading.Lock()
        self._told = Told(prospect=self.opportunity_maker.prospect())
        self._stack = ExitStack()
        self._target: Target | None = None
        self._messages: Inbound | None = None
        self._delivery: WebhookDelivery | None = None
        self._effects: Effects | None = None
        self.graph_url = ""
        self.fake.on_attempt.append(self._on_attempt)

    # -- lifecycle -------------------------------------------------------------------

    def open(self) -> SandboxSession:
        """Start the fake on loopback, the implementation, and signed webhook delivery."""
        try:
            self._stack.callback(self.world.close)
            # A page on loopback: the implementation always reaches the fake over HTTP.
            self.world.open(in_process=False)
            server, target = self.world.server, self.world.target
            if target is None or server is None:
                raise TargetError(self.world.target_error or "the target could not be opened")
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
            # A step's outcome is what it caused, late sends too, waited for as the checks
            # wait: until the implementation settles, or for the grace window.
            self._effects = Effects(
                window_s=self.settings.settle_s,
                arrivals=self.world.arrivals,
                settle=self._settle_command if self.world.offers_settle else None,
                deliver_owed=self._deliver_owed,
                lateness=self.world.lateness,
            )
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        self._stack.close()

    def reset(self) -> None:
        """A new session with the same implementation: it forgets, the fake forgets, we forget."""
        with self._target_lock:
            self.target.control({"command": "reset"})
        self.fake.reset()
        self.faults.clear()
        self.opportunity_maker = OpportunityMaker(self.factory.prospect(), seed=self.settings.seed)
        with self.log.lock:
            self._told = Told(prospect=self.opportunity_maker.prospect())
            self._started_at = self.clock.now()
        self.log.clear()

    @property
    def target(self) -> Target:
        if self._target is None:
            raise TargetError("the sandbox is not open; call open() first")
        return self._target

    # -- the world -------------------------------------------------------------------

    def wa_id_of(self, role: str) -> str:
        with self.log.lock:
            return self.cast.wa_id_of(role, self._told)

    def role_of(self, wa_id: str | None) -> str:
        with self.log.lock:
            return self.cast.role_of(wa_id, self._told)

    def opt_in(self, role: str) -> None:
        wa_id = self.wa_id_of(role)
        if role == "operator":
            # Opting in happens in a chat, so the operator's 24 h window opens, as in the checks.
            self.fake.open_window(wa_id)
        data = {"role": role, "wa_id": wa_id, **self._about(role)}
        self._act(Step("opt_in", data), "opt_in", wa_id=wa_id, source="wa-harness")
        with self.log.lock:
            self._told.opted_in.add(wa_id)

    def set_live_send(self, enabled: bool) -> None:
        with self.log.lock:
            self._told.live_send = enabled
        self._act(Step("live_send", {"enabled": enabled}), "set_live_send", enabled=enabled)

    def present(self, opportunity: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Ask the implementation to send the step-1 card for ``opportunity`` (or a new one)."""
        chosen = self.opportunity_maker.check(opportunity or self.opportunity_maker.draft())
        with self.log.lock:
            self._told.opportunities[chosen["id"]] = chosen
            self._told.prospect = dict(chosen["prospect"])
        self.opportunity_maker.used(chosen["id"])
        data = {"opportunity_id": chosen["id"], "wa_id": chosen["prospect"]["wa_id"]}
        step = Step("present", data)
        self._act(step, "present_opportunity", operator=self.operator.wa_id, opportunity=chosen)
        return chosen

    def advance_clock(self, hours: float) -> None:
        """Move everyone's clock: every open 24-hour window ages by ``hours``."""
        if hours <= 0:
            raise UsageError("advance the clock by a positive number of hours")
        self.clock.advance(hours * 3600)
        self.log.record(Step("clock", {"hours": hours, "at": self.clock.now()}))

    def add_fault(self, code: int, role: str | None = "prospect") -> None:
        """The next send (to ``role``'s number, or to anyone) fails with Meta's ``code``."""
        recipient = self.wa_id_of(role) if role else None
        self.fake.add_fault(self.faults.arm(code, role, recipient))
        data = {"code": code, "role": role, "wa_id": recipient, **self._about(role)}
        self.log.record(Step("fault", data))

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
        if context_id and (error := self.log.failed_card(context_id)) is not None:
            # WhatsApp never showed that card, so nobody could have tapped it.
            raise UsageError(
                f"that card never reached the phone (it failed with {error.get('code')}); "
                "nobody can tap it"
            )
        with self.log.lock:
            name = self.cast.name_of(role, self._told)
        message = {**data, "from": wa_id, "name": name}
        if context_id:
            message["context_id"] = context_id
        if self._messages is None:
            raise TargetError("the sandbox is not open; call open() first")
        messages = self._messages
        kind = data["type"]
        heard: list[str] = []

        def deliver() -> None:
            notification = messages.notification(message)
            item = first_value(notification)["messages"][0]
            heard.append(item["id"])
            self.log.heard(UserMessage(role, wa_id, kind, shown, item["id"], self.clock.now()))
            delivery = messages.post(notification)
            self.log.answered(item["id"], delivery.answer.status)

        step_data = {"role": role, "wa_id": wa_id, **data, **self._about(role)}
        if context_id:
            step_data["context_id"] = context_id
        step = self._run(Step("tap" if kind != "text" else "text", step_data), deliver)
        if heard:
            self.log.caused(heard[0], step)
        if role == "stranger":
            self._judge_strangers_tap(step)

    # -- the implementation ----------------------------------------------------------

    def refresh_alerts(self) -> list[dict[str, Any]]:
        """Ask the implementation for its alerts (what its operator UI shows)."""
        with self._target_lock:
            answer = self.target.control({"command": "alerts"})
        found = answer.get("alerts")
        alerts = [a for a in found if isinstance(a, dict)] if isinstance(found, list) else []
        with self.log.lock:
            self.log.alerts = alerts
            self.log.version += 1
        return alerts

    def _act(self, step: Step, command: str, **fields: Any) -> None:
        def control() -> None:
            with self._target_lock:
                self.target.control({"command": command, **fields})

        self._run(step, control)

    def _run(self, step: Step, action: Callable[[], None]) -> Step:
        """Do ``action``, then record the step with the sends and alerts it caused."""
        since = self._mark()
        with self.log.lock:
            before = len(self.log.alerts)
        action()
        if self._effects is not None:
            self._effects.acted()
            self._effects.wait()
        alerts = self.refresh_alerts()
        caused = tuple(a.index for a in self.fake.attempts if a.index >= since)
        new_alerts = tuple(alerts[before:]) if len(alerts) >= before else tuple(alerts)
        done = Step(step.kind, step.data, caused, new_alerts)
        self.log.record(done)
        return done

    def _deliver_owed(self) -> bool:
        """Deliver the status webhooks owed so far (they can cause more): a step's outcome."""
        delivered = False
        for _ in range(SETTLE_ROUNDS):
            if self._delivery is None or not self._delivery.deliver_owed():
                return delivered
            delivered = True
            if self._effects is not None:
                self._effects.acted()
        return delivered

    def _settle_command(self) -> None:
        with self._target_lock:
            self.target.control({"command": "settle"})

    def current_opportunity_id(self) -> str:
        """The opportunity the prospect belongs to: the latest presented, else the next."""
        with self.log.lock:
            presented = list(self._told.opportunities)
        return presented[-1] if presented else self.opportunity_maker.draft()["id"]

    def _judge_strangers_tap(self, step: Step) -> None:
        caused = [a for a in self.fake.attempts if a.index in step.caused]
        with self.log.lock:
            found = strangers_tap_findings(caused, lambda n: self.cast.role_of(n, self._told))
            self.log.findings.extend(found)
            self.log.version += 1

    def _about(self, role: str | None) -> dict[str, str]:
        """For a step about the prospect: the opportunity they are the prospect of."""
        return {"opportunity_id": self.current_opportunity_id()} if role == "prospect" else {}

    def _mark(self) -> int:
        attempts = self.fake.attempts
        return attempts[-1].index + 1 if attempts else 0

    def _on_attempt(self, attempt: SendAttempt) -> None:
        # Runs on the fake's thread while the implementation waits for its answer.
        self.faults.fired(attempt)
        with self.log.lock:
            send = RecordedSend("sandbox", attempt, frozenset(self._told.opted_in))
            self.log.recorded.append(send)
            self.log.timeline.append(("out", attempt.index))
            role = self.cast.role_of(attempt.recipient, self._told)
            self.log.findings.extend(send_findings(send, role, self._told.live_send))
            self.log.version += 1

    def _on_status(self, notification: dict[str, Any], delivery: Delivery | None) -> None:
        failed = False
        with self.log.lock:
            for entry in notification.get("entry") or []:
                for change in entry.get("changes") or []:
                    for status in (change.get("value") or {}).get("statuses") or []:
                        errors = status.get("errors") or [None]
                        self.log.statuses[status["id"]] = (status["status"], errors[0])
                        failed = failed or status["status"] == "failed"
            self.log.version += 1
        if failed:
            # A failed status is exactly what the implementation must turn into an alert.
            try:
                self.refresh_alerts()
            except TargetError:
                return

    # -- what the page and the exports read ---------------------------------------------

    def snapshot(self) -> Snapshot:
        return self.log.snapshot()

    def state(self) -> dict[str, Any]:
        """Opt-ins, live sending, windows, faults and the next opportunity, JSON-ready."""
        with self.log.lock:
            world = self._told
            people = self.cast.people(world)
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
            "faults": self.faults.to_dicts(),
            "next_opportunity": self.opportunity_maker.draft(),
            "fault_codes": [
                {"code": code, "label": code_label(code)} for code in self.faults.codes()
            ],
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

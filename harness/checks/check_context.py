"""One check's world: what the harness told the target, what it saw, and the steps' state."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

from harness.checks.check_state import CheckState
from harness.checks.sends import send_summary
from harness.cloud_api.cards import Card
from harness.cloud_api.contacts import senders
from harness.errors import CheckFailed, HarnessError
from harness.evidence import Caused, ControlCommand, Evidence, FailedAt, Note, Refused
from harness.fake_graph import SendAttempt
from harness.results import BLOCKED_PREFIX
from harness.targets.target import BUILDER_ROLES, Target
from harness.webhooks.delivery import Delivery, WebhookClient
from harness.world import World
from harness.world.effects import PASSIVE_COMMANDS, SETTLE_ROUNDS, Effects


@dataclass
class CheckContext:
    """One check's world: what the harness told the target, and what it saw."""

    world: World
    check_id: str
    target: Target
    # The check and its example (``FLW-007-edit``): what its generated data derives from.
    instance: str = ""
    ledger: set[str] = field(default_factory=set)
    evidence: list[Evidence] = field(default_factory=list)
    state: CheckState = field(default_factory=CheckState)
    first_attempt: int = 0
    # Set once the check's steps are done: later sends are its late effects.
    judged: bool = False
    # Set when the check needs a Python function that an HTTP target cannot offer.
    not_applicable: bool = False
    # "blocked: <cause>" when a Given step (the check's setup) failed.
    blocked: str | None = None
    # What the check could not judge, e.g. "no 'drafts' control command: only 'no send'
    # was judged"; a pass with notes here reads "passed (partly: …)" in every report.
    partial: list[str] = field(default_factory=list)
    _ids: Iterator[int] = field(default_factory=itertools.count)
    _effects: Effects | None = None
    _client: WebhookClient | None = field(default=None, repr=False)
    _ledger_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    @contextmanager
    def opened(
        cls, world: World, check_id: str, *, instance: str = "", judges_journal: bool = False
    ) -> Iterator[CheckContext]:
        """One check's whole life in ``world``: reset, the fakes on, its sends charged to
        it, its late effects drained once it is judged, anything lost raised.

        ``judges_journal``: an invariant, which judges every send so far: nothing is reset,
        and it runs after the target died too.
        """
        target = world.require_target(judging_journal=judges_journal)
        check = cls(world=world, check_id=check_id, target=target, instance=instance or check_id)
        with world.fakes_active():
            world.charge_to(check)
            try:
                if not judges_journal:
                    world.fake.reset()
                    if target.has("control"):
                        check.control("reset")
                    check.first_attempt = check.mark()
                    check.evidence.clear()
                yield check
            finally:
                check.drain()
                world.charged_done(check)
                if check.state.reconfigured and target.reconfigure is not None:
                    target.reconfigure({})
        refused, lost = world.take_lost()
        if refused:
            check.evidence.append(Refused(tuple(refused)))
        if lost:
            raise HarnessError(f"the harness lost what it judges by: {'; '.join(lost)}")

    def drain(self) -> None:
        """Let this check's effects arrive before the next check resets: they are its own."""
        self.judged = True
        try:
            self.await_effects()
        except HarnessError as exc:
            self.note("waiting for late effects", None, str(exc))

    @property
    def effects(self) -> Effects:
        if self._effects is None:
            settle: Callable[[], None] | None = None
            if self.world.offers_settle:
                settle = self._settle_command
            self._effects = Effects(
                window_s=self.world.settings.settle_s,
                arrivals=self.world.arrivals,
                settle=settle,
                deliver_owed=self.deliver_owed,
                lateness=self.world.lateness,
            )
        return self._effects

    def await_effects(
        self, until: Callable[[], bool] | None = None, *, guarded: bool = False, maybe: bool = False
    ) -> bool:
        """Wait for the effects of this check's actions (see ``harness.world.effects``);
        ``guarded`` before concluding that no prospect was written to, ``maybe`` for an
        effect that may well not come."""
        return self.effects.wait(until, guarded=guarded, maybe=maybe)

    def _settle_command(self) -> None:
        answer = self.target.control({"command": "settle"})
        self.evidence.append(ControlCommand("control", "settle", answer=answer))

    # -- what was sent ---------------------------------------------------------------

    def sends(self, since: int | None = None) -> list[SendAttempt]:
        """Send attempts of this check (or since a mark), accepted or not."""
        start = self.first_attempt if since is None else since
        return [a for a in self.world.fake.attempts if a.index >= start]

    def mark(self) -> int:
        attempts = self.world.fake.attempts
        return attempts[-1].index + 1 if attempts else self.first_attempt

    def sends_to(self, wa_id: str, since: int | None = None) -> list[SendAttempt]:
        return [a for a in self.sends(since) if a.recipient == wa_id]

    def cards_to(self, wa_id: str, since: int | None = None) -> list[dict[str, Any]]:
        """Interactive reply-button messages the fake accepted for ``wa_id``, oldest first."""
        return [
            a.payload
            for a in self.sends_to(wa_id, since)
            if a.accepted and Card.of(a.payload) is not None
        ]

    # -- talking to the target -------------------------------------------------------

    def control(self, command: str, **fields: Any) -> dict[str, Any]:
        self.require("control")
        since = self.mark()
        answer = self.target.control({"command": command, **fields})
        self.evidence.append(
            ControlCommand("control", command, dict(fields), answer, caused=self.caused(since))
        )
        if command not in PASSIVE_COMMANDS:
            self.effects.acted()
        self.deliver_owed()
        return answer

    def opt_in(self, recipient: str, *, by: str = "wa_id") -> None:
        """Opt ``recipient`` in, named by phone (``wa_id``) or by BSUID (``user_id``)."""
        self.control("opt_in", **{by: recipient}, source="wa-harness")
        with self._ledger_lock:
            self.ledger.add(recipient)

    def opted_in(self) -> frozenset[str]:
        """Who is opted in now; safe to call from the fake's threads."""
        with self._ledger_lock:
            return frozenset(self.ledger)

    def deliver(
        self, notification: dict[str, Any] | bytes, *, label: str, **options: Any
    ) -> Delivery:
        """Sign and POST a notification; inbound messages open their senders' 24 h windows."""
        self.require("app")
        if isinstance(notification, dict):
            for wa_id, user_id in senders(notification):
                self.world.fake.open_window(wa_id, user_id=user_id)
        since = self.mark()
        delivery = self.client().post(notification, **options)
        self.evidence.append(delivery.as_evidence(label, self.caused(since)))
        self.effects.acted()
        self.deliver_owed()
        return delivery

    def client(self) -> WebhookClient:
        """The signing client for the target's current app (a reconfigure replaces it)."""
        transport = self.target.http()
        if self._client is None or self._client.transport is not transport:
            self._client = WebhookClient(transport, app_secret=self.world.settings.app_secret)
        return self._client

    def deliver_owed(self) -> bool:
        """Deliver the status webhooks the fake owes (e.g. an asynchronous 131047)."""
        delivered = False
        for _ in range(SETTLE_ROUNDS):
            owed = self.world.fake.take_owed_notifications()
            if not owed or not self.target.has("app"):
                return delivered
            delivered = True
            for notification in owed:
                since = self.mark()
                delivery = self.client().post(notification)
                step = "status webhook owed by the Graph API"
                self.evidence.append(delivery.as_evidence(step, self.caused(since)))
                self.effects.acted()
        return delivered

    def alerts(self, until: Callable[[list[dict[str, Any]]], bool] | None = None) -> list[Any]:
        """The target's alerts; with ``until``, wait until they satisfy it or the effects
        of this check are all in."""
        if until is None or self.world.offers_settle:
            if until is not None:
                self.await_effects()
            return self._alerts(self.control("alerts"))
        found: list[dict[str, Any]] = []

        def satisfied() -> bool:
            # Polled: only the answer the check is judged on goes into the evidence.
            found[:] = self._alerts(self.target.control({"command": "alerts"}))
            return until(found)

        self.await_effects(satisfied)
        self.evidence.append(ControlCommand("control", "alerts", answer={"alerts": found}))
        return found

    @staticmethod
    def _alerts(answer: dict[str, Any]) -> list[dict[str, Any]]:
        alerts = answer.get("alerts")
        if not isinstance(alerts, list):
            raise CheckFailed(f"control 'alerts' answered {answer!r}; expected {{'alerts': [...]}}")
        return [a for a in alerts if isinstance(a, dict)]

    def require(self, role: str) -> None:
        if role in BUILDER_ROLES and self.target.kind == "http":
            self.not_applicable = True
            pytest.skip(f"not applicable: an HTTP target offers no Python function {role}")
        if not self.target.has(role):
            # CONTRACT.md names the app factory create_app; the role is "app" inside.
            pytest.skip(f"the target does not offer {'create_app' if role == 'app' else role}")

    def note(self, step: str, request: Any, answer: Any, *, since: int | None = None) -> None:
        caused = self.caused(since) if since is not None else ()
        self.evidence.append(Note(step, request, answer, caused))

    def record(self, *items: Evidence) -> None:
        """Add what a step saw to the check's evidence."""
        self.evidence.extend(items)

    def step_failed(self, gherkin: str, *, setup: bool, error: Exception) -> None:
        """``gherkin`` raised: note where the check failed; a failed Given blocks it."""
        self.evidence.append(FailedAt(gherkin))
        if setup and isinstance(error, CheckFailed):
            self.blocked = f"{BLOCKED_PREFIX}{error}"

    def caused(self, since: int) -> tuple[Caused, ...]:
        """The sends a step caused: their indices, and one summary line each for reports."""
        return tuple(
            Caused(a.index, send_summary(a, self.who(a.recipient))) for a in self.sends(since)
        )

    def who(self, wa_id: str | None) -> str:
        operator = self.state.operator
        if wa_id and operator is not None and wa_id == operator.wa_id:
            return f"operator {wa_id}"
        prospects = {o["prospect"]["wa_id"] for o in self.state.cards.opportunities.values()}
        return f"prospect {wa_id}" if wa_id in prospects else str(wa_id)

    def next_id(self) -> int:
        return next(self._ids)

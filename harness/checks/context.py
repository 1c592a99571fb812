"""State shared by the steps: the run (target, fake Graph API, clock) and the current check."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

import pytest

from harness.checks.effects import PASSIVE_COMMANDS, SETTLE_ROUNDS, Arrivals, Effects
from harness.checks.preflight import offers, preflight
from harness.clock import Clock
from harness.cloud_api.contacts import senders
from harness.cloud_api.envelope import BusinessNumber
from harness.errors import CheckFailed, HarnessError, TargetError, TargetUnreachable
from harness.fake_graph import FakeGraph, LoopbackServer, SendAttempt
from harness.fake_graph.in_process_fakes import InProcessFakes
from harness.settings import HarnessSettings
from harness.targets.loading import open_target, target_kind
from harness.targets.target import BUILDER_ROLES, Target
from harness.webhooks.delivery import WebhookClient
from harness.webhooks.notifications import NotificationFactory

IN_PROCESS_GRAPH_BASE = "http://graph.wa-harness.invalid"
# After this many checks in a row find the target unreachable, the rest error at once.
UNREACHABLE_LIMIT = 2


@dataclass(frozen=True, slots=True)
class RecordedSend:
    """A send attempt seen during the run, with who was opted in at that moment.

    ``late`` marks a send that arrived after its check had been judged; it is still
    charged to that check.
    """

    check_id: str
    attempt: SendAttempt
    opted_in: frozenset[str]
    late: bool = False


class RunContext:
    """Everything that lives for the whole run: one target, one fake Graph API, one clock."""

    def __init__(self, settings: HarnessSettings) -> None:
        self.settings = settings
        self.clock = Clock()
        self.business = BusinessNumber(phone_number_id=settings.phone_number_id)
        self.fake = FakeGraph(
            access_token=settings.access_token,
            phone_number_id=settings.phone_number_id,
            business=self.business,
            seed=settings.seed,
            clock=self.clock,
            secrets=settings.secrets(),
        )
        self.factory = NotificationFactory(
            business=self.business, seed=settings.seed, clock=self.clock
        )
        self.recorded: list[RecordedSend] = []
        self.prospects = itertools.count()
        self.arrivals = Arrivals()
        self.current: CheckContext | None = None
        # The check that ran last: sends arriving between two checks are its late effects.
        self.previous: CheckContext | None = None
        # Whether the target answers the optional ``settle`` and ``drafts`` commands.
        self.offers_settle = False
        self.offers_drafts = False
        self.down: str | None = None
        self._unreachable_in_a_row = 0
        self._stack = ExitStack()
        self.target: Target | None = None
        self.target_error: str | None = None
        self.in_process: InProcessFakes | None = None
        self.fake.on_attempt.append(self._record)

    def open(self) -> None:
        """Start the fake Graph API and the target; a target problem is kept, not raised."""
        in_process = self.settings.graph == "in-process" or (
            self.settings.graph == "auto" and target_kind(self.settings) == "python"
        )
        if in_process:
            # Both front ends share one core: requests-based and httpx-based targets alike.
            # They are on only inside fakes_active(), so code around the checks (a host
            # project's own tests under the plugin) makes its HTTP calls untouched.
            bases = (IN_PROCESS_GRAPH_BASE, "https://graph.facebook.com")
            self.in_process = InProcessFakes(
                self.fake, bases, allow_hosts=self.settings.allow_hosts
            )
            self._stack.callback(self.in_process.stop)
            base = IN_PROCESS_GRAPH_BASE
        else:
            server = LoopbackServer(self.fake)
            server.start()
            self._stack.callback(server.stop)
            base = server.url
        with self.fakes_active():
            try:
                self.target = open_target(self.settings, base)
            except TargetError as exc:
                self.target_error = str(exc)
                return
            self._stack.callback(self.target.close)
            try:
                preflight(self.target, self.settings)
            except TargetError as exc:
                self.target_error = str(exc)
                return
            self.offers_settle = offers(self.target, "settle")
            self.offers_drafts = offers(self.target, "drafts")

    @contextmanager
    def fakes_active(self) -> Iterator[None]:
        """The in-process fakes answer (and refuse other calls) inside this block only.

        Each check runs inside one; so must anything else that lets the target act.
        Blocks may nest. Loopback runs need nothing: their fake is a server.
        """
        with self.in_process if self.in_process is not None else nullcontext():
            yield

    def close(self) -> None:
        self._stack.close()

    def require_target(self) -> Target:
        if self.target is None:
            raise TargetError(self.target_error or "the target was not opened")
        if self.down:
            raise TargetUnreachable(f"skipped: the target stopped answering earlier ({self.down})")
        return self.target

    def note_outcome(self, exc: BaseException | None) -> None:
        """Count unreachable checks in a row, so a dead target ends the run quickly."""
        if not isinstance(exc, TargetUnreachable):
            self._unreachable_in_a_row = 0
        elif not self.down:
            self._unreachable_in_a_row += 1
            if self._unreachable_in_a_row >= UNREACHABLE_LIMIT:
                self.down = str(exc)

    def raise_lost(self, check: CheckContext) -> None:
        """Show the calls refused during ``check``; error it if the fake lost anything."""
        refused = self.in_process.take_refused() if self.in_process is not None else []
        if refused:
            check.evidence.append(
                {"step": "calls refused by the in-process fake", "refused": refused}
            )
        lost = self.fake.lost.take()
        if lost:
            raise HarnessError(f"the harness lost what it judges by: {'; '.join(lost)}")

    def _record(self, attempt: SendAttempt) -> None:
        # Runs on the loopback server's threads too, while a step may be opting someone in.
        check = self.current or self.previous
        ledger = check.opted_in() if check else frozenset()
        late = check is not None and (check.judged or check is not self.current)
        self.recorded.append(
            RecordedSend(check.check_id if check else "", attempt, ledger, late=late)
        )
        self.arrivals.arrived()


@dataclass
class CheckContext:
    """One check's world: what the harness told the target, and what it saw."""

    run: RunContext
    check_id: str
    target: Target
    ledger: set[str] = field(default_factory=set)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    operator: dict[str, str] = field(default_factory=dict)
    opportunities: dict[str, dict[str, Any]] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    first_attempt: int = 0
    # Set once the check's steps are done: later sends are its late effects.
    judged: bool = False
    # Set when the check needs a Python function that an HTTP target cannot offer.
    not_applicable: bool = False
    # "blocked: <cause>" when a Given step (the check's setup) failed.
    blocked: str | None = None
    _ids: Iterator[int] = field(default_factory=itertools.count)
    _effects: Effects | None = None
    _ledger_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def effects(self) -> Effects:
        if self._effects is None:
            settle: Callable[[], None] | None = None
            if self.run.offers_settle:
                settle = self._settle_command
            self._effects = Effects(
                window_s=self.run.settings.settle_s,
                arrivals=self.run.arrivals,
                settle=settle,
                deliver_owed=self.deliver_owed,
            )
        return self._effects

    def await_effects(self, until: Callable[[], bool] | None = None) -> bool:
        """Wait for the effects of this check's actions (see ``harness.checks.effects``)."""
        return self.effects.wait(until)

    def _settle_command(self) -> None:
        answer = self.target.control({"command": "settle"})
        self.note("control", {"command": "settle"}, answer)

    # -- what was sent ---------------------------------------------------------------

    def sends(self, since: int | None = None) -> list[SendAttempt]:
        """Send attempts of this check (or since a mark), accepted or not."""
        start = self.first_attempt if since is None else since
        return [a for a in self.run.fake.attempts if a.index >= start]

    def mark(self) -> int:
        attempts = self.run.fake.attempts
        return attempts[-1].index + 1 if attempts else self.first_attempt

    def sends_to(self, wa_id: str, since: int | None = None) -> list[SendAttempt]:
        return [a for a in self.sends(since) if a.recipient == wa_id]

    def cards_to(self, wa_id: str, since: int | None = None) -> list[dict[str, Any]]:
        """Interactive reply-button messages the fake accepted for ``wa_id``, oldest first."""
        return [
            a.payload
            for a in self.sends_to(wa_id, since)
            if a.accepted and isinstance(a.payload, dict) and a.payload.get("type") == "interactive"
        ]

    # -- talking to the target -------------------------------------------------------

    def control(self, command: str, **fields: Any) -> dict[str, Any]:
        self.require("control")
        since = self.mark()
        answer = self.target.control({"command": command, **fields})
        self.note("control", {"command": command, **fields}, answer, since=since)
        if command not in PASSIVE_COMMANDS:
            self.effects.acted()
        self.deliver_owed()
        return answer

    def opt_in(self, wa_id: str) -> None:
        self.control("opt_in", wa_id=wa_id, source="wa-harness")
        with self._ledger_lock:
            self.ledger.add(wa_id)

    def opted_in(self) -> frozenset[str]:
        """Who is opted in now; safe to call from the fake's threads."""
        with self._ledger_lock:
            return frozenset(self.ledger)

    def deliver(self, notification: dict[str, Any] | bytes, *, label: str, **options: Any) -> Any:
        """Sign and POST a notification; inbound messages open their senders' 24 h windows."""
        self.require("app")
        if isinstance(notification, dict):
            for wa_id, user_id in senders(notification):
                self.run.fake.open_window(wa_id, user_id=user_id)
        since = self.mark()
        delivery = self.client().post(notification, **options)
        self.evidence.append({"step": label, **delivery.evidence(), **self.caused(since)})
        self.effects.acted()
        self.deliver_owed()
        return delivery

    def client(self) -> WebhookClient:
        """The signing client for the target's current app (a reconfigure replaces it)."""
        transport = self.target.http()
        client = self.values.get("_client")
        if client is None or client.transport is not transport:
            client = WebhookClient(transport, app_secret=self.run.settings.app_secret)
            self.values["_client"] = client
        return client

    def deliver_owed(self) -> bool:
        """Deliver the status webhooks the fake owes (e.g. an asynchronous 131047)."""
        delivered = False
        for _ in range(SETTLE_ROUNDS):
            owed = self.run.fake.take_owed_notifications()
            if not owed or not self.target.has("app"):
                return delivered
            delivered = True
            for notification in owed:
                since = self.mark()
                delivery = self.client().post(notification)
                step = "status webhook owed by the Graph API"
                self.evidence.append({"step": step, **delivery.evidence(), **self.caused(since)})
                self.effects.acted()
        return delivered

    def alerts(self, until: Callable[[list[dict[str, Any]]], bool] | None = None) -> list[Any]:
        """The target's alerts; with ``until``, wait until they satisfy it or the effects
        of this check are all in."""
        if until is None or self.run.offers_settle:
            if until is not None:
                self.await_effects()
            return self._alerts(self.control("alerts"))
        found: list[dict[str, Any]] = []

        def satisfied() -> bool:
            # Polled: only the answer the check is judged on goes into the evidence.
            found[:] = self._alerts(self.target.control({"command": "alerts"}))
            return until(found)

        self.await_effects(satisfied)
        self.note("control", {"command": "alerts"}, {"alerts": found})
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
            pytest.skip(f"the target does not offer {role}")

    def note(self, step: str, request: Any, answer: Any, *, since: int | None = None) -> None:
        item = {"step": step, "request": request, "answer": answer}
        self.evidence.append({**item, **self.caused(since)} if since is not None else item)

    def caused(self, since: int) -> dict[str, Any]:
        """The sends a step caused: one summary line each, and their indices for reports."""
        sent = self.sends(since)
        if not sent:
            return {}
        return {"caused": self.summaries(since), "sent": [a.index for a in sent]}

    def summaries(self, since: int) -> list[str]:
        """One line per send attempted since ``since``: to whom, what, and Meta's answer."""
        return [send_summary(a, self.who(a.recipient)) for a in self.sends(since)]

    def who(self, wa_id: str | None) -> str:
        if wa_id and wa_id == self.operator.get("wa_id"):
            return f"operator {wa_id}"
        prospects = {o["prospect"]["wa_id"] for o in self.opportunities.values()}
        return f"prospect {wa_id}" if wa_id in prospects else str(wa_id)

    def next_id(self) -> int:
        return next(self._ids)


def send_evidence(attempt: SendAttempt) -> dict[str, Any]:
    """A captured send for a report; the raw body only when it was not JSON."""
    shown = attempt.to_dict()
    if shown.get("payload") is not None:
        shown.pop("raw_body", None)
    return shown


def send_summary(attempt: SendAttempt, to: str) -> str:
    """``to operator 9665…: card «…» [قبول opp:1:accept | …] -> 200`` for transcripts."""
    payload = attempt.payload if isinstance(attempt.payload, dict) else {}
    kind = payload.get("type", "?")
    if kind == "text":
        what = f"text «{_short((payload.get('text') or {}).get('body'))}»"
    elif kind == "interactive":
        interactive = payload.get("interactive") or {}
        buttons = ((interactive.get("action") or {}).get("buttons")) or []
        labels = " | ".join(
            f"{(b.get('reply') or {}).get('title')} {(b.get('reply') or {}).get('id')}"
            for b in buttons
            if isinstance(b, dict)
        )
        what = f"card «{_short((interactive.get('body') or {}).get('text'))}» [{labels}]"
    else:
        what = str(kind)
    error = (attempt.response or {}).get("error") or {}
    verdict = f"{attempt.status} {error.get('message', '')}".strip()
    details = (error.get("error_data") or {}).get("details")
    return f"to {to}: {what} -> {verdict}" + (f": {details}" if details else "")


def _short(text: Any, limit: int = 60) -> str:
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"

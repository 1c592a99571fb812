"""The run: one target, one fake Graph API and one clock, shared by every check."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING

from harness.checks.effects import Arrivals, Lateness
from harness.checks.preflight import offers, preflight
from harness.clock import Clock
from harness.cloud_api.envelope import BusinessNumber
from harness.errors import HarnessError, TargetError, TargetUnreachable
from harness.fake_graph import FakeGraph, LoopbackServer, SendAttempt
from harness.fake_graph.in_process import InProcessFakes
from harness.results import BLOCKED_PREFIX
from harness.settings import HarnessSettings
from harness.targets.loading import open_target, target_kind
from harness.targets.target import Target
from harness.webhooks.notifications import NotificationFactory

if TYPE_CHECKING:
    from harness.checks.check_context import CheckContext

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
        # How late this target's effects come: the grace window grows to fit them.
        self.lateness = Lateness()
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
        # The fake always listens on loopback, so any HTTP client reaches it (urllib,
        # aiohttp, urllib3, an SDK on another client). In-process, requests and httpx
        # calls to that same URL are answered without a socket, and their calls to other
        # hosts are refused; the other clients reach the one core over loopback.
        server = LoopbackServer(self.fake)
        server.start()
        self._stack.callback(server.stop)
        base = server.url
        if in_process:
            # They are on only inside fakes_active(), so code around the checks (a host
            # project's own tests under the plugin) makes its HTTP calls untouched.
            bases = (base, "https://graph.facebook.com")
            self.in_process = InProcessFakes(
                self.fake, bases, allow_hosts=self.settings.allow_hosts
            )
            self._stack.callback(self.in_process.stop)
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
            # One cause for every later check, so that the summary groups them under it.
            raise TargetUnreachable(
                f"{BLOCKED_PREFIX}the target stopped answering earlier in the run: {self.down}"
            )
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

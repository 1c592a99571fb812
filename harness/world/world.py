"""The world a target lives in while it is graded or played with, built once from the settings.

One target, one fake Graph API that knows every secret, one clock and one notification
factory; the graded run, the sandbox and ``load`` all open theirs here. The world records
every send attempt with who was opted in at that moment and charges it to the check that
was open when it arrived (or, between checks, to the one that ran last: its late effect).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Protocol

from harness.clock import Clock
from harness.cloud_api.envelope import BusinessNumber
from harness.errors import TargetError, TargetUnreachable
from harness.fake_graph import FakeGraph, LoopbackServer, SendAttempt
from harness.fake_graph.in_process import InProcessFakes
from harness.results import BLOCKED_PREFIX
from harness.settings import HarnessSettings
from harness.targets.loading import open_target, target_kind
from harness.targets.target import Target
from harness.webhooks.notifications import NotificationFactory
from harness.world.effects import Arrivals, Lateness
from harness.world.known_causes import KnownCauses
from harness.world.preflight import offers, preflight

# After this many checks in a row find the target unreachable, the rest error at once.
UNREACHABLE_LIMIT = 2


class Attributed(Protocol):
    """What the world needs of an open check to charge a send attempt to it."""

    @property
    def check_id(self) -> str: ...

    @property
    def judged(self) -> bool: ...

    def opted_in(self) -> frozenset[str]: ...


@dataclass(frozen=True, slots=True)
class RecordedSend:
    """A send attempt seen in the world, with who was opted in at that moment.

    ``late`` marks a send that arrived after its check had been judged; it is still
    charged to that check.
    """

    check_id: str
    attempt: SendAttempt
    opted_in: frozenset[str]
    late: bool = False


class World:
    """One target, one fake Graph API, one clock, and every send attempt charged to a check."""

    def __init__(
        self,
        settings: HarnessSettings,
        *,
        status_webhooks: bool = False,
        keep_last: int | None = None,
        window: str = "async",
    ) -> None:
        """``keep_last`` bounds the fake's journal (load keeps counts, not every body);
        ``window`` is the fake's 24-hour window mode."""
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
            status_webhooks=status_webhooks,
            keep_last=keep_last,
            window=window,
        )
        self.factory = NotificationFactory(
            business=self.business, seed=settings.seed, clock=self.clock
        )
        self.recorded: list[RecordedSend] = []
        self.arrivals = Arrivals()
        self.known_causes = KnownCauses()
        # How late this target's effects come: the grace window grows to fit them.
        self.lateness = Lateness()
        # Whether the target answers the optional ``settle`` and ``drafts`` commands.
        self.offers_settle = False
        self.offers_drafts = False
        self.down: str | None = None
        self.target: Target | None = None
        self.target_error: str | None = None
        self.in_process: InProcessFakes | None = None
        self.server: LoopbackServer | None = None
        self._unreachable_in_a_row = 0
        self._stack = ExitStack()
        # The open check, and the one that ran last (its late sends still arrive).
        self._charged_lock = threading.Lock()
        self._open: Attributed | None = None
        self._last: Attributed | None = None
        self.fake.on_attempt.append(self._record)

    def open(
        self,
        *,
        in_process: bool | None = None,
        preflight_target: bool = True,
        graph_port: int = 0,
        server: str = "werkzeug",
    ) -> None:
        """Start the fake Graph API and the target; a target problem is kept, not raised.

        ``in_process`` None follows the settings (a Python target gets the in-process fake
        unless ``--graph loopback``); False serves the fake on loopback only, on
        ``graph_port`` with ``server``.
        """
        if in_process is None:
            in_process = self.settings.graph == "in-process" or (
                self.settings.graph == "auto" and target_kind(self.settings) == "python"
            )
        # The fake always listens on loopback, so any HTTP client reaches it (urllib,
        # aiohttp, urllib3, an SDK on another client). In-process, requests and httpx
        # calls to that same URL are answered without a socket, and their calls to other
        # hosts are refused; the other clients reach the one core over loopback.
        self.server = LoopbackServer(self.fake, port=graph_port, server=server)
        self.server.start()
        self._stack.callback(self.server.stop)
        base = self.server.url
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
            if not preflight_target:
                return
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

    def require_target(self, *, judging_journal: bool = False) -> Target:
        """The open target; a check that only judges the journal of sends needs it alive."""
        if self.target is None:
            raise TargetError(self.target_error or "the target was not opened")
        if self.down and not judging_journal:
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

    # -- which check a send belongs to -------------------------------------------------

    def charge_to(self, check: Attributed) -> None:
        """Sends arriving from now on belong to ``check``."""
        with self._charged_lock:
            self._open = check

    def charged_done(self, check: Attributed) -> None:
        """``check`` is over; what still arrives is its late effect until the next opens."""
        with self._charged_lock:
            if self._open is check:
                self._open = None
            self._last = check

    def take_lost(self) -> tuple[list[str], list[str]]:
        """Calls the in-process fake refused, and work the fake lost, since last asked."""
        refused = self.in_process.take_refused() if self.in_process is not None else []
        return refused, self.fake.lost.take()

    def _record(self, attempt: SendAttempt) -> None:
        # Runs on the loopback server's threads too, while a step may be opting someone in.
        with self._charged_lock:
            check = self._open or self._last
            late = check is not None and (check.judged or check is not self._open)
        ledger = check.opted_in() if check else frozenset()
        self.recorded.append(
            RecordedSend(check.check_id if check else "", attempt, ledger, late=late)
        )
        self.arrivals.arrived()

"""What the fake answers (``GraphReply``) and remembers (``SendAttempt``, the journal).

A load test sends hundreds of thousands of messages; keeping each attempt (about 15 KB with
its raw body, payload and answer) would grow without bound. The journal counts every
attempt by status, recipient and card, and keeps full ``SendAttempt`` records for the
last ``keep_last`` only. ``keep_last=None`` keeps all of them, as a graded run needs (its
checks judge every send); ``wa-harness fake-graph`` and ``load`` are bounded by default.
The status webhooks owed and not yet taken are bounded alike, since with no webhook URL
nobody may ever take them.
"""

from __future__ import annotations

import json
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

from harness.cloud_api.cards import Card
from harness.errors import UsageError
from harness.fake_graph.validation import Violation

# A reply with this status was never sent: the fake stayed silent (the no_answer fault).
NO_ANSWER = 0


@dataclass(frozen=True, slots=True)
class GraphReply:
    """The answer to one request: status and JSON body, after ``delay_s``, or silence."""

    status: int
    body: dict[str, Any]
    delay_s: float = 0.0
    hang_s: float | None = None

    def json_bytes(self) -> bytes:
        """The body as every transport sends it: compact JSON, like Graph."""
        return json.dumps(self.body, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True, slots=True)
class SendAttempt:
    """One request the fake received, accepted or not; it never holds the access token."""

    index: int
    method: str
    path: str
    # The user the send reached: their phone digits when known, else the BSUID it named.
    recipient: str | None
    payload: Any
    raw_body: str
    status: int
    response: dict[str, Any]
    at: float
    accepted: bool
    violations: tuple[Violation, ...] = field(default=())
    wamid: str | None = None
    fault: str | None = None
    # The BSUID of the user the send reached, when the fake knows it (or the send named it).
    recipient_user_id: str | None = None
    # A kind Meta accepts that the fake does not model ("image", "interactive/cta_url"):
    # accepted unjudged, so a report can say "not modelled", never "rejected by Meta".
    unmodelled: str | None = None
    # When the request arrived, on this process's monotonic clock (``at`` is the run's clock,
    # frozen in conformance runs): the spacing of retries is judged on it.
    received_s: float = field(default_factory=time.monotonic, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, for reports and the loopback ``/_harness/sent`` route."""
        return {
            "index": self.index,
            "method": self.method,
            "path": self.path,
            "recipient": self.recipient,
            "payload": self.payload,
            "raw_body": self.raw_body,
            "status": self.status,
            "response": self.response,
            "at": self.at,
            "accepted": self.accepted,
            "violations": [v.to_dict() for v in self.violations],
            "wamid": self.wamid,
            "fault": self.fault,
            "recipient_user_id": self.recipient_user_id,
            "unmodelled": self.unmodelled,
        }


# What ``wa-harness fake-graph`` keeps in full unless told otherwise.
DEFAULT_KEEP_LAST = 1000
# Owed notifications kept when bounded: at least this many, so that a delivery thread that
# falls behind a burst of sends loses none.
OWED_FLOOR = 1000

# Distinct recipients and cards counted one by one; past this they share one overflow count,
# so a million distinct keys cannot grow the journal either.
DEFAULT_MAX_KEYS = 100_000


@dataclass(slots=True)
class JournalCounts:
    """Counts since the last reset; ``by_card`` is keyed by a card's first reply id."""

    total: int = 0
    accepted: int = 0
    by_status: Counter[int] = field(default_factory=Counter)
    # Accepted sends only: these are what reached (or would reach) a phone.
    by_recipient: Counter[str] = field(default_factory=Counter)
    by_card: Counter[str] = field(default_factory=Counter)
    overflow: int = 0

    def copy(self) -> JournalCounts:
        """An independent snapshot."""
        return JournalCounts(
            total=self.total,
            accepted=self.accepted,
            by_status=self.by_status.copy(),
            by_recipient=self.by_recipient.copy(),
            by_card=self.by_card.copy(),
            overflow=self.overflow,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, for the ``/_harness/counts`` route."""
        return {
            "total": self.total,
            "accepted": self.accepted,
            "by_status": {str(status): n for status, n in sorted(self.by_status.items())},
            "by_recipient": dict(self.by_recipient),
            "by_card": dict(self.by_card),
            "overflow": self.overflow,
        }


class Journal:
    """Counts every attempt; keeps the last ``keep_last`` in full. Not thread-safe: the core
    calls it under its lock."""

    def __init__(self, keep_last: int | None = None, *, max_keys: int = DEFAULT_MAX_KEYS) -> None:
        if keep_last is not None and keep_last < 0:
            raise UsageError(f"keep_last must be 0 or more, not {keep_last}")
        self.keep_last = keep_last
        self._max_keys = max_keys
        self._kept: deque[SendAttempt] = deque(maxlen=keep_last)
        self.owed = OwedQueue(None if keep_last is None else max(keep_last, OWED_FLOOR))
        self.counts = JournalCounts()
        self._next_index = 0

    @property
    def next_index(self) -> int:
        """The index the next attempt gets: attempts are numbered from 0 since the start."""
        return self._next_index

    def record(self, attempt: SendAttempt) -> None:
        """Count ``attempt`` and keep it (dropping the oldest kept one when full)."""
        self._next_index = attempt.index + 1
        counts = self.counts
        counts.total += 1
        counts.by_status[attempt.status] += 1
        if attempt.accepted and attempt.recipient is not None:
            counts.accepted += 1
            self._count(counts.by_recipient, attempt.recipient)
            card = card_key(attempt.payload)
            if card is not None:
                self._count(counts.by_card, card)
        if self.keep_last != 0:
            self._kept.append(attempt)

    def kept(self) -> list[SendAttempt]:
        """The attempts still held in full, oldest first (a copy)."""
        return list(self._kept)

    def clear(self) -> None:
        """Forget kept attempts, owed notifications and counts; indexes start again at 0."""
        self._kept.clear()
        self.owed.clear()
        self.counts = JournalCounts()
        self._next_index = 0

    def _count(self, counter: Counter[str], key: str) -> None:
        if key in counter or len(counter) < self._max_keys:
            counter[key] += 1
        else:
            self.counts.overflow += 1


def keep_last_option(value: str | None) -> int | None:
    """``--keep-last N|all`` as ``keep_last``: not given is ``DEFAULT_KEEP_LAST``."""
    if value is None:
        return DEFAULT_KEEP_LAST
    if value.strip().lower() == "all":
        return None
    if value.strip().isdigit():
        return int(value)
    raise UsageError(f"--keep-last {value!r}: give a number of sends (0 or more) or 'all'")


class OwedQueue:
    """Status webhooks owed and not yet taken: all, or the newest ``limit``."""

    def __init__(self, limit: int | None) -> None:
        self._items: deque[dict[str, Any]] = deque(maxlen=limit)
        # Owed notifications pushed out before anyone took them.
        self.dropped = 0

    def add(self, notifications: list[dict[str, Any]]) -> None:
        limit = self._items.maxlen
        if limit is not None:
            self.dropped += max(0, len(self._items) + len(notifications) - limit)
        self._items.extend(notifications)

    def take(self) -> list[dict[str, Any]]:
        """Everything owed, oldest first; the queue is empty afterwards."""
        taken = list(self._items)
        self._items.clear()
        return taken

    def clear(self) -> None:
        self._items.clear()
        self.dropped = 0


def card_key(payload: Any) -> str | None:
    """Which card (and so which decision) an interactive send is: its first reply id."""
    card = Card.of(payload)
    return card.key if card is not None else None

"""Meta-like webhook traffic: taps, statuses, batches and corpus payloads with fresh ids.

Pure Python (no Locust): each call to ``Traffic.next()`` answers one notification as
exact signed bytes, and says whether Meta would deliver it twice at the same moment.
What Meta does that the traffic reproduces (Meta's webhook and throughput pages):
deliveries are concurrent; every subscribed app may get the same notification, so the
same message id can arrive twice at once; a notification not answered 2xx is sent again;
and a message id can come back later in a different batch.
"""

from __future__ import annotations

import copy
import json
import random
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from harness.cloud_api.ids import derived_seed
from harness.load.plan import LoadPlan, Opportunity
from harness.webhooks.corpus import RecordedPayload
from harness.webhooks.encoding import meta_json_bytes
from harness.webhooks.notifications import BatchShape, NotificationFactory, merge_notifications
from harness.webhooks.signing import sign

# Relative weights of what a campaign's webhook sees: mostly statuses, some taps.
KINDS: Mapping[str, int] = {"tap": 3, "status": 4, "batch": 1, "corpus": 2, "text": 1}
PROGRESS = ("sent", "delivered", "read")
BATCH_SIZE = (2, 6)
# A tap's redelivery waits for at least this many other notifications, so it lands in a
# later, different batch rather than next to the first delivery.
REDELIVERY_GAP = 20


@dataclass(frozen=True, slots=True)
class Notification:
    """One POST: its kind, exact bytes and signature; ``copies`` 2 means sent twice at once."""

    kind: str
    body: bytes
    signature: str
    copies: int = 1
    # The tap this notification carries first, when it is a first delivery of one.
    tap_id: str | None = None


class Traffic:
    """Notifications for one Locust process; taps come from ``opportunities`` only."""

    def __init__(
        self,
        plan: LoadPlan,
        opportunities: Sequence[Opportunity],
        *,
        app_secret: str,
        corpus: Sequence[RecordedPayload] = (),
        payload: bytes | None = None,
        duplicate_share: float = 0.1,
        redelivery_share: float = 0.05,
        seed: int = 0,
    ) -> None:
        self._plan = plan
        self._taps: Iterator[Opportunity] = iter(opportunities)
        self.taps_left = len(opportunities)
        self._secret = app_secret
        self._corpus = [json.loads(p.body) for p in corpus if not p.malformed]
        # The same bytes every time: signed once.
        self._payload = (
            Notification("payload", payload, sign(payload, app_secret))
            if payload is not None
            else None
        )
        self._duplicate_share = duplicate_share
        self._redelivery_share = redelivery_share
        self._random = random.Random(derived_seed(seed, "traffic"))
        self._factory = NotificationFactory(seed=derived_seed(seed, "ids"))
        self._pending: deque[tuple[int, dict[str, Any]]] = deque()
        self._sent = 0
        kinds = [k for k in KINDS if k != "corpus" or self._corpus]
        self._kinds = kinds
        self._weights = [KINDS[k] for k in kinds]

    def assign(self, opportunities: Sequence[Opportunity]) -> None:
        """Tap these opportunities (once each) from now on."""
        self._taps = iter(opportunities)
        self.taps_left = len(opportunities)

    def next(self) -> Notification:
        """The next notification to deliver."""
        self._sent += 1
        if self._payload is not None:
            return self._payload
        if self._pending and self._sent - self._pending[0][0] >= REDELIVERY_GAP:
            return self._redelivery(self._pending.popleft()[1])
        kind = self._random.choices(self._kinds, self._weights)[0]
        if kind == "tap":
            opportunity = next(self._taps, None)
            if opportunity is not None:
                self.taps_left -= 1
                return self._tap(opportunity)
            kind = "status"
        if kind == "status":
            return self._signed("status", meta_json_bytes(self._status()))
        if kind == "batch":
            size = self._random.randint(*BATCH_SIZE)
            statuses = [self._status() for _ in range(size)]
            return self._signed("batch", meta_json_bytes(self._merge(statuses)))
        if kind == "corpus":
            return self._signed("corpus", meta_json_bytes(self._fresh_corpus()))
        stranger = self._random.choice(self._plan.strangers)
        text = self._factory.text(from_wa_id=stranger, body="مرحبا، هل من جديد؟")
        return self._signed("text", meta_json_bytes(text))

    def _tap(self, opportunity: Opportunity) -> Notification:
        # «رسالة» (draft): its one expected effect is one step-2 card to the operator.
        tap = self._factory.button_reply(
            from_wa_id=opportunity.operator,
            reply_id=f"opp:{opportunity.id}:draft",
            title="رسالة",
        )
        if self._random.random() < self._redelivery_share:
            self._pending.append((self._sent, tap))
        copies = 2 if self._random.random() < self._duplicate_share else 1
        body = meta_json_bytes(tap)
        return Notification("tap", body, sign(body, self._secret), copies, opportunity.id)

    def _redelivery(self, tap: dict[str, Any]) -> Notification:
        """The same message id again, batched with statuses: other bytes, same message."""
        batch = self._merge([tap, self._status(), self._status()])
        return self._signed("redelivery", meta_json_bytes(batch))

    def _status(self) -> dict[str, Any]:
        operator = self._random.choice(self._plan.operators)
        return self._factory.status(
            wamid=self._factory.new_wamid(operator),
            recipient_id=operator,
            status=self._random.choice(PROGRESS),
        )

    def _merge(self, notifications: list[dict[str, Any]]) -> dict[str, Any]:
        return merge_notifications(notifications, shape=BatchShape.ITEMS)

    def _fresh_corpus(self) -> dict[str, Any]:
        """A recorded payload with new message ids, so it is a new notification each time."""
        document: dict[str, Any] = copy.deepcopy(self._random.choice(self._corpus))
        for entry in _dicts(document.get("entry")):
            for change in _dicts(entry.get("changes")):
                value = change.get("value")
                if not isinstance(value, dict):
                    continue
                for message in _dicts(value.get("messages")):
                    message["id"] = self._factory.new_wamid(str(message.get("from", "")))
                for status in _dicts(value.get("statuses")):
                    status["id"] = self._factory.new_wamid(str(status.get("recipient_id", "")))
        return document

    def _signed(self, kind: str, body: bytes) -> Notification:
        return Notification(kind, body, sign(body, self._secret))


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []

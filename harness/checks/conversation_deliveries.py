"""The actions of an explored conversation that are Meta's deliveries rather than a
person's: redeliveries (one after the other, or overlapping), statuses in any order and
batching, and the GET verify handshake."""

from __future__ import annotations

import json
import time
from typing import Any

from harness.checks.actions import USERNAME
from harness.checks.check_context import CheckContext
from harness.checks.conversation_steps import STATUS_ORDERS, Who
from harness.checks.ledger import Ledger
from harness.checks.negative_values import (
    ELSEWHERE,
    ELSEWHERE_PARAMETER,
    TOKEN_VARIANTS,
    WRONG_TOKEN,
)
from harness.checks.overlap import OVERLAP_HOLD_S, deliver_overlapping
from harness.checks.step_seen import StepSeen
from harness.cloud_api.contacts import FailedContacts, StatusContacts, senders
from harness.errors import HarnessError
from harness.fake_graph import SendAttempt
from harness.webhooks.batching import BatchShape
from harness.webhooks.delivery import Delivery
from harness.webhooks.encoding import reordered_json_bytes

# The error a failure after delivery reports: the message could not be delivered.
LATE_FAILURE = 131026
# How the contacts of a status look: as real captures have them, or as Meta documents.
STATUS_CONTACTS = {
    "captured": (StatusContacts.BARE, FailedContacts.WA_ID_ONLY),
    "documented": (StatusContacts.PROFILE, FailedContacts.NONE),
}
APART = "apart"
# The one hub.mode Meta's verify handshake carries.
SUBSCRIBE = "subscribe"
# A redelivery inside another batch: the same message id, other bytes and structure.
REBATCHED = "another batch's"


class NotApplicable(HarnessError):
    """A step names a card, tap or message the conversation does not have (yet)."""


class Deliveries:
    """Meta's side of a conversation; mixed into ``Conversation``, which holds the state."""

    ctx: CheckContext
    ledger: Ledger
    # Signed taps delivered so far (body, card number); those before ``first_tap`` were
    # delivered before a reset, which let the implementation forget their message ids.
    taps: list[tuple[bytes, int | None]]
    first_tap: int
    # Sends before this attempt index came before a reset: the implementation forgot them.
    first_send: int
    failed_wamids: set[str]
    # Operators who adopted a username; and those whose signed message showed the
    # implementation their phone beside their BSUID (since the last reset).
    hidden: set[str]
    introduced: set[str]

    def _as_sent_by(self, who: Who, notification: dict[str, Any]) -> dict[str, Any]:
        """``notification`` as Meta delivers it from ``who``: a username user's with their
        username, and without their phone unless they wrote to the business already (Meta
        hides it only from a business they have not been in touch with)."""
        factory = self.ctx.world.factory
        if who.by_bsuid:
            return factory.as_username_user(notification, username=USERNAME)
        if who.label in self.hidden:
            hidden = who.label not in self.introduced
            return factory.as_username_user(notification, username=USERNAME, phone_hidden=hidden)
        return notification

    def _redeliver(self, number: int, form: str) -> StepSeen:
        if not self.first_tap < number <= len(self.taps):
            raise NotApplicable(f"there is no tap {number} since the last reset to deliver again")
        body, card_number = self.taps[number - 1]
        again: dict[str, Any] | bytes = body
        if form == "other":
            again = reordered_json_bytes(json.loads(body))
        elif form == REBATCHED:
            # The same message id inside another batch, beside a status (as RPL-011 does).
            sent = self.accepted()
            wamid, to = (sent[0].wamid, sent[0].recipient) if sent else ("wamid.unknown", "")
            status = self.ctx.world.factory.status(
                wamid=str(wamid), recipient_id=str(to), status="read"
            )
            batch = [status, json.loads(body)]
            again = self.ctx.world.factory.batch(batch, shape=BatchShape.ITEMS)
        delivery = self.ctx.deliver(again, label=f"tap {number} again")
        card = self.ledger.card(card_number) if card_number else None
        return StepSeen(
            "redeliver", prospect=card.prospect if card else None, answer=delivery.answer.status
        )

    def _introduce(self, who: Who) -> None:
        """A correctly signed message from ``who`` was delivered: unless they hide their
        phone, the implementation has now seen it beside their BSUID."""
        if who.label not in self.hidden:
            self.introduced.add(who.label)

    def _tap_twice(self, who: Who, notification: dict[str, Any], form: str) -> list[Delivery]:
        """Deliver a tap twice at once, as Meta's retry of a slow first delivery overlaps
        it: the first send either causes is held, so the two certainly overlap."""
        self._introduce(who)
        notification = self._as_sent_by(who, notification)
        for wa_id, user_id in senders(notification):
            self.ctx.world.fake.open_window(wa_id, user_id=user_id)
        bodies: list[dict[str, Any] | bytes] = [notification, notification]
        if form == "other":
            bodies[1] = reordered_json_bytes(notification)
        since = self.ctx.mark()
        overlapped = deliver_overlapping(self.ctx, bodies)
        deliveries = overlapped.deliveries
        self.ctx.effects.acted()
        self.ctx.deliver_owed()
        # A send made after both answers (a target acting later) is held from then on:
        # what the target does after it comes after the hold, so the grace window for its
        # late effects starts there (a target that offers ``settle`` says when it is
        # done). A hold no send met would delay a later step's.
        # A tap that should cause nothing (a stale card, a stranger's) is not waited for
        # as if a send were due: only for as long as the target's late effects come.
        sent = self.ctx.await_effects(until=lambda: bool(self.ctx.sends(since)), maybe=True)
        if sent and not overlapped.released and not self.ctx.world.offers_settle:
            time.sleep(OVERLAP_HOLD_S)
            self.ctx.effects.acted()
        self.ctx.world.fake.clear_faults(overlapped.hold)
        # What both caused goes with the last one: which delivery caused it is not known.
        step = "a tap delivered twice at once"
        *first, last = deliveries
        self.ctx.record(
            *(d.as_evidence(step) for d in first), last.as_evidence(step, self.ctx.caused(since))
        )
        return deliveries

    def _status(self, number: int, code: int) -> StepSeen:
        attempt = self._message(number)
        notification = self.ctx.world.factory.status(
            wamid=str(attempt.wamid),
            recipient_id=str(attempt.recipient),
            status="failed",
            error=code,
        )
        delivery = self.ctx.deliver(notification, label=f"message {number} failed")
        self.failed_wamids.add(str(attempt.wamid))
        return StepSeen("status", answer=delivery.answer.status, failures=[code])

    def _forged_status(self, number: int, signature: str) -> StepSeen:
        """A failed status with a bad signature: forged like a tap, rejected like one."""
        attempt = self._message(number)
        notification = self.ctx.world.factory.status(
            wamid=str(attempt.wamid),
            recipient_id=str(attempt.recipient),
            status="failed",
            error=LATE_FAILURE,
        )
        label = f"message {number} failed, {signature} signature"
        delivery = self.ctx.deliver(notification, label=label, signature=signature)
        return StepSeen("status", answer=delivery.answer.status, signed=False)

    def _statuses(self, first: int, second: int, shape: str) -> StepSeen:
        if first == second:
            raise NotApplicable(f"messages {first} and {second} are one message")
        one, other = self._message(first), self._message(second)
        factory = self.ctx.world.factory
        pair = [
            factory.status(
                wamid=str(a.wamid), recipient_id=str(a.recipient), status="failed", error=code
            )
            for a, code in ((one, 131047), (other, 131026))
        ]
        delivery = self.ctx.deliver(factory.batch(pair, shape=BatchShape(shape)), label="batch")
        self.failed_wamids.update(str(a.wamid) for a in (one, other))
        return StepSeen("status", answer=delivery.answer.status, failures=[131047, 131026])

    def _status_order(self, number: int, order: str, contacts: str, shape: str) -> StepSeen:
        """Statuses of one message out of Meta's usual order, one POST each or batched."""
        attempt = self._message(number)
        factory = self.ctx.world.factory
        usual, failed = STATUS_CONTACTS[contacts]
        notifications = [
            factory.status(
                wamid=str(attempt.wamid),
                recipient_id=str(attempt.recipient),
                status=status,
                error=LATE_FAILURE if status == "failed" else None,
                contacts=failed if status == "failed" else usual,
            )
            for status in STATUS_ORDERS[order]
        ]
        if shape != APART:
            notifications = [factory.batch(notifications, shape=BatchShape(shape))]
        answers = [
            self.ctx.deliver(n, label=f"message {number}: {order}").answer.status
            for n in notifications
        ]
        failures = [LATE_FAILURE] if "failed" in STATUS_ORDERS[order] else []
        if failures:
            self.failed_wamids.add(str(attempt.wamid))
        return StepSeen("status", answer=_worst(answers), failures=failures)

    def _handshake_mode(self, mode: str) -> StepSeen:
        """The handshake with the configured token and a ``hub.mode`` Meta does not send to
        subscribe (HSK-003): only "subscribe" may be answered."""
        return self._handshake("right", mode)

    def _handshake(self, variant: str, mode: str = SUBSCRIBE) -> StepSeen:
        """Meta's GET verify handshake, with the configured token or one a careless
        comparison lets through (``harness.checks.negative_values``)."""
        token = self.ctx.world.settings.verify_token
        elsewhere: dict[str, str] = {}
        wrong: str | None
        if variant == "right":
            wrong = token
        elif variant == "left out":
            wrong = None
        elif variant == "wrong":
            wrong = WRONG_TOKEN
        elif variant == ELSEWHERE:
            wrong = WRONG_TOKEN
            elsewhere = {ELSEWHERE_PARAMETER: token}
        else:
            wrong = TOKEN_VARIANTS[variant](token)
            if wrong is None:
                raise NotApplicable(f"the configured verify token has no {variant} variant")
        if variant != "right" and wrong == token:
            raise NotApplicable(f"the {variant} token is the configured one")
        challenge = str(1_000_000_000 + self.ctx.world.settings.seed * 7919 + self.ctx.next_id())
        answer = self.ctx.client().handshake(
            verify_token=wrong, challenge=challenge, mode=mode, elsewhere=elsewhere
        )
        shown = {
            "hub.mode": mode,
            "hub.verify_token": f"the token as {variant}",
            "hub.challenge": challenge,
        }
        self.ctx.record(answer.as_evidence("GET /webhook handshake", shown))
        return StepSeen(
            "handshake",
            handshake=(
                variant == "right" and mode == SUBSCRIBE,
                answer.echoed,
                answer.status == 200 and answer.challenge_in_body,
            ),
            wrong_mode=mode != SUBSCRIBE,
        )

    def _empty_body(self) -> StepSeen:
        """A correctly signed POST with an empty body: no notification, nothing to act on."""
        delivery = self.ctx.deliver(b"", label="empty body, signed")
        return StepSeen("empty_body", empty_answer=delivery.answer.status)

    def accepted(self) -> list[SendAttempt]:
        """Sends since the last reset that Meta accepted and may still report on: phone
        recipients only, not yet reported failed."""
        return [
            a
            for a in self.ctx.sends(self.first_send)
            if a.accepted
            and a.wamid
            and a.recipient
            and "." not in a.recipient
            and a.wamid not in self.failed_wamids
        ]

    def _message(self, number: int) -> SendAttempt:
        sent = self.accepted()
        if not 0 < number <= len(sent):
            raise NotApplicable(f"there is no message {number} to report on")
        return sent[number - 1]


def _worst(answers: list[int]) -> int:
    """The answer a step is judged by: the first that is not 2xx, else the last."""
    return next((a for a in answers if not 200 <= a < 300), answers[-1])

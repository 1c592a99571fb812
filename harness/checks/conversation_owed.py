"""What a tap owes the operator: the draft card their «رسالة» asked for, or an alert.

A tap the implementation drops (a username user it cannot name, a message it never reads
in a batch) sends nothing at all, so no rule about what is sent sees it; only the card it
owed and did not bring shows it.
"""

from __future__ import annotations

from typing import Any

from harness.checks.check_context import CheckContext
from harness.checks.conversation_steps import Who
from harness.checks.judgments import Breach
from harness.checks.ledger import CardSeen, Ledger
from harness.checks.step_seen import StepSeen, card_attempted
from harness.webhooks.batching import BatchShape
from harness.webhooks.delivery import Delivery

# Several messages side by side in one change's value: handled in full is a SHOULD there
# (RPL-012), a MUST in every other shape (RPL-005, BSU-001, FLW-003).
ONE_VALUE = BatchShape.ITEMS.value
# What a tap owes there and anywhere else: the rule it breaks beside another message in
# one value, and the rules it breaks in every other shape.
IN_ONE_VALUE = "EXP-022"
UNBATCHED = ("EXP-011", "EXP-021")


def owes_draft_card(ledger: Ledger, step: StepSeen) -> bool:
    """Whether ``step`` (judged next) is a «رسالة» tap that owes its operator the draft card.

    Only the plainest case: one correctly signed delivery, by the operator the
    implementation can tell, opted in, of the only card carrying that reply id since the
    last reset, the first decision on that opportunity since then (no accept, draft, skip
    or cancel before it). Anything after a first decision the design leaves open.
    """
    if step.kind != "tap" or not step.signed or not step.known or step.copies != 1:
        return False
    if step.forgery is not None or not step.reply_id or not step.reply_id.endswith(":draft"):
        return False
    card = ledger.acted_card(step)
    if card is None or step.reply_id not in card.ids or card.recipient not in step.tapper:
        return False
    key = step.reply_id.rsplit(":", 1)[0]
    if key in ledger.intent or key in ledger.skipped or key in ledger.revoked:
        return False
    holders = ledger.addressed.get(step.reply_id, set())
    return bool(step.tapper & ledger.opted_in) and holders <= step.tapper


def unbrought(step: StepSeen, owed: bool, shape: str | None) -> list[Breach]:
    """The draft card ``step`` owed (``owes_draft_card`` before it was judged) and did not
    bring, with no alert saying why; ``shape``: how the tap was batched, if it was."""
    if not owed or card_attempted(step.sends, step.tapper) or step.new_alert_codes:
        return []
    where = f" (batched with another message, by {shape})" if shape else ""
    return [Breach("EXP-021", f"the operator's draft tap{where} brought no draft card, no alert")]


def in_one_value(found: list[Breach], shape: str | None) -> list[Breach]:
    """Of a tap beside another message in one change's value, what it owed and did not do
    (its draft card, its refused approval's alert) is EXP-022, at RPL-012's level."""
    if shape != ONE_VALUE:
        return found
    return [
        Breach(IN_ONE_VALUE, f"{b.text} (beside another message in one change)")
        if b.rule_id in UNBATCHED
        else b
        for b in found
    ]


class Owed:
    """Taps that owe a card; mixed into ``Conversation``, which holds the state."""

    ctx: CheckContext
    ledger: Ledger
    taps: list[tuple[bytes, int | None]]
    hidden: set[str]
    introduced: set[str]

    def _tap_of(
        self, label: str, card_number: int, button: int
    ) -> tuple[Who, CardSeen, str, dict[str, Any]]:
        raise NotImplementedError

    def knows(self, who: Who) -> bool:
        raise NotImplementedError

    def _introduce(self, who: Who) -> None:
        raise NotImplementedError

    def _as_sent_by(self, who: Who, notification: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def _tap_batched(self, label: str, card_number: int, button: int, shape: str) -> StepSeen:
        """A tap in one webhook after a text from the same operator, batched by entries, by
        changes, or side by side in one change's value, as Meta may batch messages."""
        who, card, reply_id, notification = self._tap_of(label, card_number, button)
        known = self.knows(who)
        factory = self.ctx.world.factory
        text = factory.text(from_wa_id=who.phone, body="تمام", name=who.name)
        sent = [self._as_sent_by(who, n) for n in (text, notification)]
        mark = self.ctx.mark()
        batch = factory.batch(sent, shape=BatchShape(shape))
        delivery = self.ctx.deliver(batch, label=f"free text and tap {reply_id!r} by {shape}")
        self._introduce(who)
        return self._tap_seen(who, card, reply_id, delivery, mark, known=known)

    def _tap_seen(
        self,
        who: Who,
        card: CardSeen,
        reply_id: str,
        delivery: Delivery,
        mark: int,
        *,
        known: bool,
        signed: bool = True,
    ) -> StepSeen:
        """What a delivered tap shows, once the draft card it owes (if any) is in: an
        expected effect, waited for as a check waits."""
        if signed:
            self.taps.append((delivery.body, card.number))
        seen = StepSeen(
            "tap",
            prospect=card.prospect,
            tapper=who.ids,
            card=card.number,
            reply_id=reply_id,
            answer=delivery.answer.status,
            signed=signed,
            known=known,
        )
        if owes_draft_card(self.ledger, seen):
            self.ctx.await_effects(until=lambda: card_attempted(self.ctx.sends(mark), seen.tapper))
        return seen

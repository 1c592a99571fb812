"""The actions of an explored conversation that forge a tap as the negative battery does:
a card's reply id changed to one of its variants, or a sender close to the card's operator.

The variants are the battery's own (``harness.checks.negative_values``,
``harness.checks.forged_senders``); docs/negative-battery.md says which mistake each one
catches, and so which rule, at which level, judges it.
"""

from __future__ import annotations

from typing import Any

from harness.checks.check_context import CheckContext
from harness.checks.conversation_deliveries import NotApplicable
from harness.checks.conversation_steps import Who
from harness.checks.forged_senders import SENDER_VARIANTS, forged_tap
from harness.checks.ledger import CardSeen, Ledger
from harness.checks.negative_values import (
    ID_VARIANTS,
    STRUCTURAL_ID_VARIANTS,
    changed_reply_id,
)
from harness.checks.step_seen import StepSeen
from harness.cloud_api.cards import Card
from harness.cloud_api.contacts import senders
from harness.errors import UsageError
from harness.webhooks.delivery import Delivery

# The grammar gives a structural variant no decision (MUST, as NEG-006 and NEG-007); a
# normalised one only a comparison that folds case or strips spaces takes (SHOULD, NEG-008).
STRUCTURAL_RULE = "EXP-017"
NORMALISED_RULE = "EXP-018"
# A stranger can only tap the operator's button on a copied card (SHOULD, NEG-009).
SENDER_RULE = "EXP-019"


class Forgery:
    """Forged taps; mixed into ``Conversation``, which holds the state and delivers."""

    ctx: CheckContext
    ledger: Ledger
    people: dict[str, Who]

    def _send_as(
        self, who: Who, notification: dict[str, Any], label: str, **options: Any
    ) -> Delivery:
        raise NotImplementedError

    def label_of(self, recipient: str) -> str | None:
        raise NotImplementedError

    def _forged_id(self, label: str, card_number: int, button: int, variant: str) -> StepSeen:
        """Operator ``label`` taps a button of a card, its reply id changed as ``variant``
        says: an id no card carries, which the implementation must not act on."""
        _known(ID_VARIANTS, variant, "reply id variant")
        card, reply_id, title = self._button(card_number, button)
        forged = changed_reply_id(reply_id, variant)
        if any(forged in c.ids for c in self.ledger.cards):
            # The variant happens to be a real id (of this card or another): not forged.
            raise NotApplicable(f"{variant} of {reply_id!r} is an id a card carries")
        who = self.people[label]
        notification = self.ctx.world.factory.button_reply(
            from_wa_id=who.phone, reply_id=forged, title=title, name=who.name
        )
        delivery = self._send_as(who, notification, f"tap {forged!r} ({variant} of {reply_id!r})")
        rule = STRUCTURAL_RULE if variant in STRUCTURAL_ID_VARIANTS else NORMALISED_RULE
        return StepSeen(
            "forged",
            prospect=card.prospect,
            tapper=who.ids,
            card=card_number,
            reply_id=forged,
            answer=delivery.answer.status,
            forgery=(rule, f"a tap with the reply id changed to {variant}"),
        )

    def _forged_sender(self, card_number: int, button: int, sender: str) -> StepSeen:
        """A sender close to the card's operator (``forged_senders``), opted in, taps a
        button of the card."""
        _known(dict.fromkeys(SENDER_VARIANTS), sender, "sender")
        card, reply_id, title = self._button(card_number, button)
        label = self.label_of(card.recipient)
        if label is None:
            raise NotApplicable(f"card {card_number} went to no operator of the conversation")
        operator = self.people[label]
        notification = forged_tap(
            self.ctx,
            sender,
            phone=operator.phone,
            name=operator.name,
            reply_id=reply_id,
            title=title,
        )
        tapper = frozenset(i for pair in senders(notification) for i in pair if i)
        self.ledger.opt_in(tapper)
        delivery = self.ctx.deliver(notification, label=f"tap {reply_id!r} by {sender}")
        return StepSeen(
            "forged",
            prospect=card.prospect,
            tapper=tapper,
            card=card_number,
            reply_id=reply_id,
            answer=delivery.answer.status,
            forgery=(SENDER_RULE, f"a tap by {sender}"),
        )

    def _button(self, card_number: int, button: int) -> tuple[CardSeen, str, str]:
        """The card, and the reply id and title of its button ``button``."""
        card = self.ledger.card(card_number)
        if card is None or not 0 < button <= len(card.ids):
            raise NotApplicable(f"card {card_number} has no button {button}")
        reply_id = card.ids[button - 1]
        shown = Card.of(card.payload)
        buttons = shown.buttons if shown is not None else ()
        title = buttons[button - 1].title if button <= len(buttons) else ""
        return card, reply_id, title or reply_id


def _known(table: Any, value: str, what: str) -> None:
    if value not in table:
        known = ", ".join(repr(k) for k in table)
        raise UsageError(f"{value!r} is not a {what} the explorer knows; use one of {known}")

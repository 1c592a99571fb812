"""The conversations Hypothesis generates: one rule per action, judged after every step."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Collection
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from harness.checks.conversation import NotApplicable
from harness.checks.conversation_deliveries import APART, REBATCHED, STATUS_CONTACTS
from harness.checks.conversation_steps import FAULT_CODES, SHAPES, STATUS_ORDERS, Step
from harness.checks.forged_senders import SENDER_VARIANTS
from harness.checks.judgments import Breach
from harness.checks.ledger import CardSeen
from harness.explore.draws import (
    BATCHES,
    BUTTONS,
    BY_CAUSE,
    CARDS,
    FLOW,
    FLOW_BATCHES,
    FLOW_FAULTS,
    FLOW_OPERATORS,
    FORGED,
    ID_FORGERIES,
    LENGTHS,
    OFF_SPELLINGS,
    OPPORTUNITIES,
    OTHER_MODE,
    OWNER,
    SIGNATURES,
    STATUS_CODES,
    TAPPERS,
    TEXTS,
    TOKENS,
    UNKNOWN_IDS,
    WHO,
    FlowFault,
    flow_of,
    has_accepted,
    has_cards,
    has_taps,
    has_two_accepted,
)
from harness.explore.failures import Exhausted, RuleBroken, broken
from harness.explore.session import Session

__all__ = ["OFF_SPELLINGS", "Exhausted", "RuleBroken", "machine_for"]


def machine_for(
    session: Session,
    ignored: Collection[str],
    *,
    deadline: float,
    shrink_s: float,
    shortest: dict[str, RuleBroken],
    off: str | None = None,
    shrink_examples: int | None = None,
    stop: threading.Event | None = None,
) -> type[RuleBasedStateMachine]:
    """A state machine class driving ``session``; breaches of ``ignored`` rules pass.

    After ``deadline`` (``time.monotonic()``) every step raises ``Exhausted``, unless a
    rule broke: shrinking then has ``shrink_s`` from that moment, however early or late
    in the budget the finding was made. The shortest failing
    conversation of each rule seen so far is kept in ``shortest``. With
    ``off``, every conversation starts the implementation with live sending spelled so:
    one environment per round, as a spawned server restarts to change it. Shrinking also
    stops after ``shrink_examples`` conversations, so that a seed's finding does not
    depend on the machine's speed; the search then drops steps one by one. Once ``stop``
    is set (Ctrl-C), every step raises ``KeyboardInterrupt``.
    """
    reconfigurable = session.world.require_target().reconfigure is not None
    ends = [deadline]
    tries = [0]

    class Explorer(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            if len(ends) > 1:
                tries[0] += 1
            self.conversation = session.begin()
            self.steps: list[Step] = []
            self.last: int | None = None

        def do(self, action: str, *args: Any) -> None:
            if stop is not None and stop.is_set():
                # Ctrl-C was pressed (search._noting_interrupts): raised here, between two
                # actions, and again at every later step until the search has ended.
                raise KeyboardInterrupt
            if time.monotonic() > ends[-1]:
                raise Exhausted
            if shrink_examples is not None and tries[0] > shrink_examples:
                raise Exhausted
            if self.last is not None and len(self.steps) >= self.last:
                # A short conversation has had its steps: the rest are drawn, not taken.
                return
            step = Step(action, args)
            self.steps.append(step)
            try:
                found = session.perform(self.conversation, step)
            except NotApplicable:
                # The flow's start taps a card that this implementation did not send.
                self.steps.pop()
                return
            self.judged(found)

        def judged(self, found: list[Breach]) -> None:
            """Raise the first breach of a rule not ignored, keeping the shortest."""
            for breach in sorted(found, key=lambda b: b.rule_id in BY_CAUSE):
                if breach.rule_id not in ignored:
                    failure = broken(breach, list(self.steps))
                    if not shortest:
                        ends.append(time.monotonic() + shrink_s)
                    best = shortest.get(breach.rule_id)
                    if best is None or len(failure.steps) < len(best.steps):
                        shortest[breach.rule_id] = failure
                    raise failure

        def teardown(self) -> None:
            try:
                # A conversation that ran its course (no step raised: Hypothesis calls
                # this in a ``finally``) is judged once more when the wait its end makes
                # anyway is over: what its last step caused late breaks a rule there, as
                # it does in the replay, whose last step waits so.
                if self.steps and sys.exc_info()[0] is None:
                    self.judged(self.conversation.conclude())
            finally:
                session.end()

        # A conversation often starts part-way down the flow (operator opted in, a card
        # presented, its draft tapped), in one initial step so that the order is the
        # flow's; shrinking drops what the finding does not need.
        # ``after``: the conversation follows one that switched live sending on, with the
        # reset between them that every conversation starts with.
        # The whole flow with live sending on is drawn more often: on a target whose every
        # step waits out its late effects, few conversations fit in the budget.
        # ``fault``: the Graph API fails before one of the flow's sends (a present, the
        # accept's draft card, the approved draft), so that a failure meets a send often:
        # drawn as a step of its own, it mostly comes when nothing is left to send.
        @initialize(
            prospect=st.booleans(),
            live=st.one_of(st.booleans(), st.just(True)),
            depth=st.one_of(st.integers(0, len(FLOW)), st.sampled_from((len(FLOW) - 1, len(FLOW)))),
            after=st.one_of(st.just(False), st.booleans()),
            fault=FLOW_FAULTS,
            length=LENGTHS,
            operator=FLOW_OPERATORS,
            batched=FLOW_BATCHES,
        )
        def start(
            self,
            prospect: bool,
            live: bool,
            depth: int,
            after: bool,
            fault: FlowFault,
            length: int | None,
            operator: str,
            batched: str | None,
        ) -> None:
            first = Step("configure", (off,)) if off is not None and reconfigurable else None
            session.configure(first)
            if first is not None:
                self.do("configure", off)
            if after:
                self.do("live", "on")
                self.do("reset")
            if prospect:
                self.do("opt_in_prospect", OPPORTUNITIES[0])
            if live:
                self.do("live", "on")
            for number, (action, *args) in enumerate(flow_of(operator, batched)[:depth]):
                if fault is not None and fault[2] == number:
                    self.do(fault[0], fault[1])
                self.do(action, *args)
            if fault is not None and fault[2] >= depth:
                self.do(fault[0], fault[1])
            if length is not None:
                self.last = len(self.steps) + length

        @rule(who=st.sampled_from(WHO))
        def opt_in_operator(self, who: str) -> None:
            self.do("opt_in_operator", who)

        @rule(opportunity=st.sampled_from(OPPORTUNITIES))
        def opt_in_prospect(self, opportunity: str) -> None:
            self.do("opt_in_prospect", opportunity)

        @rule(on=st.booleans())
        def live(self, on: bool) -> None:
            self.do("live", "on" if on else "off")

        @rule(
            opportunity=st.sampled_from(OPPORTUNITIES),
            shape=st.sampled_from(SHAPES),
            who=st.sampled_from(WHO),
        )
        def present(self, opportunity: str, shape: str, who: str) -> None:
            self.do("present", opportunity, shape, who)

        def tap_card(self, who: str, card: int, button: int, signature: str) -> None:
            self.do("tap", *self.aim(who, card, button), signature)

        # Taps carry the flow forward, so they are drawn more often than other actions.
        @precondition(has_cards)
        @rule(who=TAPPERS, card=CARDS, button=BUTTONS, signature=st.sampled_from(SIGNATURES))
        def tap(self, who: str, card: int, button: int, signature: str) -> None:
            self.tap_card(who, card, button, signature)

        @precondition(has_cards)
        @rule(who=TAPPERS, card=CARDS, button=BUTTONS)
        def tap_signed(self, who: str, card: int, button: int) -> None:
            self.tap_card(who, card, button, "valid")

        # The flow's own next move: the card's operator taps the newest card.
        @precondition(has_cards)
        @rule(button=BUTTONS)
        def follow(self, button: int) -> None:
            self.tap_card(OWNER, 1, button, "valid")

        @precondition(has_cards)
        @rule(button=BUTTONS)
        def follow_on(self, button: int) -> None:
            self.tap_card(OWNER, 1, button, "valid")

        # The operator changes their mind: the newest card's operator taps one of its
        # buttons, then another of the same card (cancel then approve, skip then accept),
        # where the first tap should have settled what the second may do.
        @precondition(has_cards)
        @rule(first=BUTTONS, then=BUTTONS)
        def second_thought(self, first: int, then: int) -> None:
            chosen = self.card_of(1)
            who = self.tapper(OWNER, chosen)
            self.do("tap", who, chosen.number, self.button_of(chosen, first), "valid")
            self.do("tap", who, chosen.number, self.button_of(chosen, then), "valid")

        @precondition(has_cards)
        @rule(who=TAPPERS, card=CARDS)
        def schedule(self, who: str, card: int) -> None:
            cards = [
                c
                for c in self.conversation.ledger.cards
                if any(i.endswith(":accept") for i in c.ids)
            ]
            if not cards:
                return
            chosen = cards[-1 - (card - 1) % len(cards)]
            self.do("schedule", self.tapper(who, chosen), chosen.number)

        # Meta batches a tap with another message: by entries, by changes, or in one value.
        @precondition(has_cards)
        @rule(who=TAPPERS, card=CARDS, button=BUTTONS, shape=st.sampled_from(BATCHES))
        def tap_batched(self, who: str, card: int, button: int, shape: str) -> None:
            self.do("tap_batched", *self.aim(who, card, button), shape)

        # Meta's retry of a slow first delivery overlaps it.
        @precondition(has_cards)
        @rule(who=TAPPERS, card=CARDS, button=BUTTONS, other=st.booleans())
        def tap_at_once(self, who: str, card: int, button: int, other: bool) -> None:
            form = "other" if other else "the same"
            self.do("tap_at_once", *self.aim(who, card, button), form)

        @precondition(has_taps)
        @rule(number=st.integers(1, 64), form=st.sampled_from(("the same", "other", REBATCHED)))
        def redeliver(self, number: int, form: str) -> None:
            taps = len(self.conversation.taps) - self.conversation.first_tap
            number = len(self.conversation.taps) - (number - 1) % taps
            self.do("redeliver", number, form)

        # An operator known by phone adopts a username: Meta hides their number until
        # they write to the business.
        @rule(who=st.sampled_from(WHO[:2]))
        def adopt_username(self, who: str) -> None:
            self.do("adopt_username", who)

        @rule()
        def reset(self) -> None:
            self.do("reset")

        @rule(token=st.sampled_from(TOKENS))
        def handshake(self, token: str) -> None:
            self.do("handshake", token)

        @rule()
        def handshake_mode(self) -> None:
            self.do("handshake_mode", OTHER_MODE)

        # A tap on any card ever sent with its reply id changed as the negative battery
        # changes it; by the card's operator more often than anyone else.
        @precondition(has_cards)
        @rule(who=TAPPERS, card=CARDS, button=BUTTONS, variant=st.sampled_from(ID_FORGERIES))
        def forged_id(self, who: str, card: int, button: int, variant: str) -> None:
            self.do("forged_id", *self.aim(who, card, button), variant)

        # The same on the newest card by its operator, drawn as often again: the flow's next
        # move with a forged id is where a careless comparison shows.
        @precondition(has_cards)
        @rule(button=BUTTONS, variant=st.sampled_from(ID_FORGERIES))
        def forged_follow(self, button: int, variant: str) -> None:
            self.forged_id(OWNER, 1, button, variant)

        # A tap on any card ever sent by a sender close to its operator (NEG-009's senders).
        @precondition(has_cards)
        @rule(card=CARDS, button=BUTTONS, sender=st.sampled_from(SENDER_VARIANTS))
        def forged_sender(self, card: int, button: int, sender: str) -> None:
            chosen = self.card_of(card)
            self.do("forged_sender", chosen.number, self.button_of(chosen, button), sender)

        def card_of(self, card: int) -> CardSeen:
            """The ``card``-th newest card (counting round past the oldest)."""
            cards = self.conversation.ledger.cards
            return cards[-1 - (card - 1) % len(cards)]

        @staticmethod
        def button_of(card: CardSeen, button: int) -> int:
            return 1 + (button - 1) % max(1, len(card.ids))

        def tapper(self, who: str, card: CardSeen) -> str:
            """``who``; for ``OWNER``, the operator ``card`` went to."""
            if who != OWNER:
                return who
            return self.conversation.label_of(card.recipient) or WHO[0]

        def aim(self, who: str, card: int, button: int) -> tuple[str, int, int]:
            """Who taps which card's which button: labels, numbers as actions take them."""
            chosen = self.card_of(card)
            return self.tapper(who, chosen), chosen.number, self.button_of(chosen, button)

        # Not named empty_body: Hypothesis orders rules by argument count, then name, and
        # its first, simplest conversation repeats the first; that should be a handshake,
        # not a delivery whose grace window a target without settle has it wait out.
        @rule()
        def signed_empty_body(self) -> None:
            self.do("empty_body")

        @rule(who=st.sampled_from(WHO), text=st.sampled_from(TEXTS))
        def write(self, who: str, text: str) -> None:
            self.do("write", who, text)

        @rule(who=st.sampled_from(WHO), reply_id=st.sampled_from(UNKNOWN_IDS))
        def unknown(self, who: str, reply_id: str) -> None:
            self.do("unknown", who, reply_id)

        @rule(code=st.sampled_from(FAULT_CODES))
        def fault(self, code: int) -> None:
            self.do("fault", code)

        @rule(code=st.sampled_from(FAULT_CODES))
        def fault_all(self, code: int) -> None:
            self.do("fault_all", code)

        @precondition(has_accepted)
        @rule(number=st.integers(1, 64), code=st.sampled_from(STATUS_CODES))
        def status(self, number: int, code: int) -> None:
            sent = len(self.conversation.accepted())
            self.do("status", sent - (number - 1) % sent, code)

        @precondition(has_accepted)
        @rule(number=st.integers(1, 64), signature=st.sampled_from(FORGED))
        def forged_status(self, number: int, signature: str) -> None:
            sent = len(self.conversation.accepted())
            self.do("forged_status", sent - (number - 1) % sent, signature)

        @precondition(has_two_accepted)
        @rule(first=CARDS, second=CARDS, shape=st.sampled_from(BATCHES))
        def statuses(self, first: int, second: int, shape: str) -> None:
            sent = len(self.conversation.accepted())
            one = sent - (first - 1) % sent
            other = sent - (second - 1) % sent
            if one == other:
                other = one - 1 if one > 1 else one + 1
            self.do("statuses", one, other, shape)

        @precondition(has_accepted)
        @rule(
            number=st.integers(1, 64),
            order=st.sampled_from(tuple(STATUS_ORDERS)),
            contacts=st.sampled_from(tuple(STATUS_CONTACTS)),
            shape=st.sampled_from((APART, *BATCHES)),
        )
        def status_order(self, number: int, order: str, contacts: str, shape: str) -> None:
            sent = len(self.conversation.accepted())
            self.do("status_order", sent - (number - 1) % sent, order, contacts, shape)

        @rule(opportunity=st.sampled_from(OPPORTUNITIES))
        def prospect_wrote(self, opportunity: str) -> None:
            self.do("prospect_wrote", opportunity)

        @rule()
        def hours(self) -> None:
            self.do("hours", 25)

    return Explorer

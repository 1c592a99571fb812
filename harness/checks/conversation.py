"""An explored conversation: the actions the explorer combines, each judged by the ledger.

One implementation serves both: ``wa-harness explore`` drives a ``Conversation`` step by
step, and the scenario it exports replays the same steps (``checks/steps/explored.py``),
judged by the same ``Ledger`` (``harness.checks.judgments``) after every step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from harness.checks.check_context import CheckContext
from harness.checks.conversation_deliveries import Deliveries, NotApplicable
from harness.checks.conversation_forgery import Forgery
from harness.checks.conversation_owed import Owed, in_one_value, owes_draft_card, unbrought
from harness.checks.conversation_steps import OPERATORS, Step, Who
from harness.checks.judgments import Breach
from harness.checks.ledger import CardSeen, Ledger
from harness.checks.step_seen import StepSeen, card_attempted, failure_codes
from harness.errors import CheckFailed
from harness.fake_graph.faults import fault_for_code
from harness.settings import ENV_ALLOW_LIVE_SEND
from harness.webhooks.delivery import Delivery

HOUR_S = 3600

__all__ = ["Conversation", "NotApplicable", "known_index"]


class Conversation(Forgery, Deliveries, Owed):
    """One conversation with the implementation, judged by the ledger after every step."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx
        self.ledger = Ledger()
        factory = ctx.world.factory
        self.people = {
            label: Who(label, p.name, p.wa_id, p.user_id, label == "U")
            for label, p in ((k, factory.operator(i)) for k, i in OPERATORS.items())
        }
        self.opportunities: dict[str, dict[str, Any]] = {}
        self.taps: list[tuple[bytes, int | None]] = []
        self.first_tap = 0
        self.hidden: set[str] = set()
        self.introduced: set[str] = set()
        self.first_send = ctx.first_attempt
        self.messages: list[Any] = []
        self.owed_failures: list[int] = []
        self.failed_wamids: set[str] = set()
        self._alerts_seen = 0
        # Where the next step's sends begin: what arrived after a step was judged (a late
        # retry of a target without settle) is charged to the next step, never to none.
        self._unjudged: int | None = None

    @contextmanager
    def listening(self) -> Iterator[Conversation]:
        """Note the failures in status webhooks the fake Graph API delivers meanwhile."""
        fake = self.ctx.world.fake
        original = fake.take_owed_notifications

        def take() -> list[dict[str, Any]]:
            owed = original()
            for notification in owed:
                for status in _statuses(notification):
                    if status.get("status") == "failed":
                        self.failed_wamids.add(str(status.get("id")))
                        self.owed_failures += [e.get("code") for e in status.get("errors", [])]
            return owed

        fake.take_owed_notifications = take  # type: ignore[method-assign]
        try:
            yield self
        finally:
            fake.take_owed_notifications = original  # type: ignore[method-assign]

    def perform(self, step: Step, *, last: bool = False) -> list[Breach]:
        """Do ``step`` and judge it; a control or webhook answer out of contract is a breach.

        The ``last`` step of a replay waits for late effects as a conclusion that no
        prospect was written to does (``harness.world.effects``): no later step would see
        them.
        """
        method: Callable[..., StepSeen] = getattr(self, f"_{step.action}")
        mark = self.ctx.mark() if self._unjudged is None else self._unjudged
        self.owed_failures = []
        try:
            seen = method(*step.args)
        except CheckFailed as exc:
            return self._record(Breach("EXP-010", str(exc).splitlines()[0][:300]))
        self.ctx.await_effects(guarded=last)
        seen.sends = self.ctx.sends(mark)
        self._unjudged = self.ctx.mark()
        seen.failures += failure_codes(seen.sends) + [c for c in self.owed_failures if c]
        # An approval from someone the implementation cannot tell is the operator (their
        # number hidden, their BSUID never shown beside it) may be ignored without alert.
        seen.refused = self.ledger.approval(seen) == "refuse" and seen.known
        draft_owed = owes_draft_card(self.ledger, seen)
        owed = self.ledger.owes_card(seen) and not card_attempted(seen.sends, seen.to)
        owed = owed or (draft_owed and not card_attempted(seen.sends, seen.tapper))
        if seen.failures or seen.refused or owed:
            seen.new_alert_codes = self._new_alert_codes(seen.failures)
        found = self.ledger.judge(seen)
        shape = str(step.args[-1]) if step.action == "tap_batched" else None
        judged = in_one_value(found + unbrought(seen, draft_owed, shape), shape)
        # The ledger keeps what the step broke under the rules it is judged by (an
        # exported scenario's Then step reads them there).
        del self.ledger.breaches[len(self.ledger.breaches) - len(found) :]
        self.ledger.breaches += judged
        return judged

    def conclude(self) -> list[Breach]:
        """Judge what came after the last step, waited for as a replay's last step waits:
        a late send of the conversation's last action is its own, not the next one's."""
        return self.perform(Step("conclude", ()), last=True)

    def _conclude(self) -> StepSeen:
        return StepSeen("conclude")

    def _record(self, breach: Breach) -> list[Breach]:
        self.ledger.breaches.append(breach)
        return [breach]

    def _new_alert_codes(self, codes: list[int]) -> list[int | None]:
        seen = self._alerts_seen

        def carried(found: list[dict[str, Any]]) -> bool:
            new = found[seen:]
            return bool(new) and set(codes) <= {a.get("code") for a in new}

        alerts = self.ctx.alerts(until=carried)
        self._alerts_seen = len(alerts)
        return [a.get("code") for a in alerts[seen:]]

    # -- the actions -------------------------------------------------------------------

    def _configure(self, value: str) -> StepSeen:
        target = self.ctx.target
        if target.reconfigure is None:
            pytest.skip("the harness can only set the environment of a target it starts itself")
        target.reconfigure({ENV_ALLOW_LIVE_SEND: value})
        self.ctx.state.reconfigured = True
        self.ctx.control("reset")
        self.ledger.live = self.ledger.live_default = value == "true"
        return StepSeen("configure")

    def _opt_in_operator(self, label: str) -> StepSeen:
        who = self.people[label]
        if who.by_bsuid:
            self.ctx.world.fake.open_window(user_id=who.user_id)
            self.ctx.opt_in(who.user_id, by="user_id")
        else:
            self.ctx.world.fake.open_window(who.phone, user_id=who.user_id)
            self.ctx.opt_in(who.phone)
        self.ledger.opt_in(who.ids)
        return StepSeen("opt_in")

    def _opt_in_prospect(self, opportunity_id: str) -> StepSeen:
        prospect = self._opportunity(opportunity_id)["prospect"]["wa_id"]
        self.ctx.opt_in(prospect)
        self.ledger.opt_in([prospect])
        return StepSeen("opt_in")

    def _reset(self) -> StepSeen:
        """The harness resets the implementation between two conversations, as every check
        starts: it forgets opt-ins, drafts, alerts and message ids; live sending is back
        to its configured default."""
        self.ctx.control("reset")
        self.ctx.ledger.clear()
        self.ledger.reset()
        self._alerts_seen = 0
        self.introduced.clear()
        self.first_tap = len(self.taps)
        self.first_send = self.ctx.mark()
        return StepSeen("reset")

    def _adopt_username(self, label: str) -> StepSeen:
        """From now on Meta shows this operator's username, and hides the phone the
        implementation may know them by until they write; who they are does not change."""
        self.hidden.add(label)
        return StepSeen("identity")

    def _live(self, state: str) -> StepSeen:
        self.ctx.control("set_live_send", enabled=state == "on")
        self.ledger.live = state == "on"
        return StepSeen("live")

    def _present(self, opportunity_id: str, shape: str, label: str) -> StepSeen:
        opportunity = self._opportunity(opportunity_id, shape)
        who = self.people[label]
        mark = self.ctx.mark()
        self.ctx.control("present_opportunity", operator=who.known_as, opportunity=opportunity)
        prospect = opportunity["prospect"]["wa_id"]
        seen = StepSeen("present", prospect=prospect, opportunity=opportunity_id, to=who.ids)
        if self.ledger.owes_card(seen):
            # An owed card is an expected effect: waited for as a check waits for one.
            self.ctx.await_effects(until=lambda: card_attempted(self.ctx.sends(mark), who.ids))
        return seen

    def _tap(self, label: str, card_number: int, button: int, signature: str) -> StepSeen:
        who, card, reply_id, notification = self._tap_of(label, card_number, button)
        known = self.knows(who)
        mark = self.ctx.mark()
        delivery = self._send_as(who, notification, f"tap {reply_id!r}", signature=signature)
        return self._tap_seen(
            who, card, reply_id, delivery, mark, known=known, signed=signature == "valid"
        )

    def _tap_at_once(self, label: str, card_number: int, button: int, form: str) -> StepSeen:
        """A tap Meta delivers twice at once, in the same or in other bytes."""
        who, card, reply_id, notification = self._tap_of(label, card_number, button)
        known = self.knows(who)
        deliveries = self._tap_twice(who, notification, form)
        self.taps.append((deliveries[0].body, card_number))
        answers = [d.answer.status for d in deliveries]
        return StepSeen(
            "tap",
            prospect=card.prospect,
            tapper=who.ids,
            card=card_number,
            reply_id=reply_id,
            answer=next((a for a in answers if not 200 <= a < 300), answers[-1]),
            copies=len(deliveries),
            known=known,
        )

    def _tap_of(
        self, label: str, card_number: int, button: int
    ) -> tuple[Who, CardSeen, str, dict[str, Any]]:
        """Who taps, the card, the reply id and the notification of a tap on a card."""
        card = self.ledger.card(card_number)
        if card is None or not 0 < button <= len(card.ids):
            raise NotApplicable(f"card {card_number} has no button {button}")
        who = self.people[label]
        reply_id = card.ids[button - 1]
        title = _titles(card.payload)[button - 1] or reply_id
        notification = self.ctx.world.factory.button_reply(
            from_wa_id=who.phone, reply_id=reply_id, title=title, name=who.name
        )
        return who, card, reply_id, notification

    def _schedule(self, label: str, card_number: int) -> StepSeen:
        card = self.ledger.card(card_number)
        accept = [i for i in card.ids if i.endswith(":accept")] if card else []
        if card is None or not accept:
            raise NotApplicable(f"card {card_number} is not an opportunity card")
        reply_id = accept[0].rsplit(":", 1)[0] + ":schedule"
        before = self._meetings()
        who = self.people[label]
        factory = self.ctx.world.factory
        notification = factory.button_reply(
            from_wa_id=who.phone, reply_id=reply_id, title="موعد", name=who.name
        )
        delivery = self._send_as(who, notification, f"tap {reply_id!r}")
        self.taps.append((delivery.body, card_number))
        self.ctx.await_effects()
        after = self._meetings()
        meetings = None if before is None or after is None else (before, after)
        return StepSeen(
            "schedule",
            prospect=card.prospect,
            tapper=who.ids,
            card=card_number,
            reply_id=reply_id,
            answer=delivery.answer.status,
            meetings=meetings,
        )

    def _meetings(self) -> int | None:
        """How many meeting drafts the target lists; None when it offers no ``drafts``."""
        if not self.ctx.world.offers_drafts:
            return None
        drafts = self.ctx.control("drafts").get("drafts")
        listed = drafts if isinstance(drafts, list) else []
        return sum(1 for d in listed if isinstance(d, dict) and d.get("kind") == "meeting")

    def _write(self, label: str, text: str) -> StepSeen:
        who = self.people[label]
        notification = self.ctx.world.factory.text(from_wa_id=who.phone, body=text, name=who.name)
        delivery = self._send_as(who, notification, "free text")
        return StepSeen("text", answer=delivery.answer.status)

    def _unknown(self, label: str, reply_id: str) -> StepSeen:
        who = self.people[label]
        notification = self.ctx.world.factory.button_reply(
            from_wa_id=who.phone, reply_id=reply_id, title="زر", name=who.name
        )
        delivery = self._send_as(who, notification, f"tap {reply_id!r}")
        return StepSeen("unknown", answer=delivery.answer.status)

    def _fault(self, code: int) -> StepSeen:
        self.ctx.world.fake.add_fault(fault_for_code(code, trigger="next", n=1))
        return StepSeen("fault")

    def _fault_all(self, code: int) -> StepSeen:
        self.ctx.world.fake.add_fault(fault_for_code(code))
        return StepSeen("fault")

    def _prospect_wrote(self, opportunity_id: str) -> StepSeen:
        self.ctx.world.fake.open_window(self._opportunity(opportunity_id)["prospect"]["wa_id"])
        return StepSeen("prospect_wrote")

    def _hours(self, hours: int) -> StepSeen:
        self.ctx.world.clock.advance(hours * HOUR_S)
        return StepSeen("hours")

    # -- helpers -------------------------------------------------------------------------

    def _send_as(
        self, who: Who, notification: dict[str, Any], label: str, **options: Any
    ) -> Delivery:
        """Deliver ``notification`` from ``who``: a username user's without their phone."""
        delivery = self.ctx.deliver(self._as_sent_by(who, notification), label=label, **options)
        if options.get("signature", "valid") == "valid":
            self._introduce(who)
        return delivery

    def knows(self, who: Who) -> bool:
        """Whether the implementation can tell ``who`` from their next message: known by
        BSUID, their number shown, or their BSUID shown beside it since the last reset."""
        return who.by_bsuid or who.label not in self.hidden or who.label in self.introduced

    def label_of(self, recipient: str) -> str | None:
        """The operator a send reached, by label."""
        return next((w.label for w in self.people.values() if recipient in w.ids), None)

    def _opportunity(self, opportunity_id: str, shape: str = "plain") -> dict[str, Any]:
        known = self.opportunities.get(opportunity_id)
        if known is not None and shape == "plain":
            return known
        index = known_index(self.opportunities, opportunity_id)
        prospect = self.ctx.world.factory.prospect(index + 1)
        title, summary = "فرصة توريد أجهزة مكتبية", f"تواصل {prospect.name} بخصوص عرض سعر."
        if shape == "long":
            summary = ("فرصة كبيرة لتوريد أجهزة 🚀 " * 120)[:3000]
        elif shape == "emoji":
            title = "🚀✨ فرصة «عاجلة» 👩🏽‍💼"
        opportunity = {
            "id": opportunity_id,
            "title": title,
            "company": "شركة الريادة للتجارة",
            "summary": summary,
            "prospect": {"name": prospect.name, "wa_id": prospect.wa_id},
        }
        self.opportunities[opportunity_id] = opportunity
        self.ledger.prospects.add(prospect.wa_id)
        return opportunity


def known_index(known: dict[str, Any], key: str) -> int:
    """A stable index per key: its place among the keys seen so far."""
    keys = list(known)
    return keys.index(key) if key in keys else len(keys)


def _titles(payload: Any) -> list[str]:
    interactive = payload.get("interactive") if isinstance(payload, dict) else {}
    buttons = ((interactive or {}).get("action") or {}).get("buttons") or []
    return [str(((b or {}).get("reply") or {}).get("title", "")) for b in buttons]


def _statuses(notification: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for entry in notification.get("entry") or []:
        for change in entry.get("changes") or []:
            yield from (change.get("value") or {}).get("statuses") or []

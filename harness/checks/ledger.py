"""The expected world of an explored conversation, and its judgment after every step.

Who is opted in, whether live sending is on, every card sent (to whom, its ids and body,
whose prospect it concerns), every approval granted: a step breaks a rule of
``harness.checks.judgments`` when what it caused does not fit them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from harness.checks.judgments import RULES, Breach
from harness.checks.step_seen import (
    StepSeen,
    card_attempted,
    doubled,
    empty_body,
    handshake,
    storms,
    unheard,
)
from harness.cloud_api.cards import Card, reply_button_ids
from harness.fake_graph import SendAttempt
from harness.world import RecordedSend

# Enough of a text to tell the approved draft from another message, whatever the cut.
TEXT_PREFIX = 60


@dataclass
class Approval:
    """An approve tap that entitles one send of the shown text to one prospect."""

    prospect: str
    texts: tuple[str, ...]
    used: bool = False


@dataclass
class CardSeen:
    """A card the implementation sent: to whom, its reply ids and body, whose prospect."""

    number: int
    recipient: str
    ids: list[str]
    body: str
    prospect: str | None
    payload: Any = None


class Ledger:
    """The expected world: who is opted in, the live flag, cards sent, approvals granted."""

    def __init__(self) -> None:
        self.opted_in: set[str] = set()
        self.live = False
        # What ``reset`` puts live sending back to: the implementation's configured default.
        self.live_default = False
        # Cards sent before the last reset: the implementation forgot their drafts.
        self.forgotten = 0
        self.prospects: set[str] = set()
        self.cards: list[CardSeen] = []
        # By the newest card offering the approval and its reply id: a new card offering
        # the same id (a re-presented opportunity's new draft) offers a new approval.
        self.approvals: dict[tuple[int, str], Approval] = {}
        self.ids_of_opportunity: dict[str, list[str]] = {}
        self.opportunity_of_id: dict[str, str] = {}
        self.breaches: list[Breach] = []
        # Drafts (reply ids less the action) their operator cancelled, until a new card for
        # them comes: a new decision reopens a draft.
        self.revoked: set[str] = set()
        # Drafts of an opportunity the operator skipped since: the design does not say a
        # skip withdraws a draft, so its approval may be honoured or ignored, unalerted.
        self.skipped: set[str] = set()
        # Opportunities (reply ids less the action) whose operator accepted or drafted; a
        # later skip leaves it standing, as the design does not say a skip withdraws it.
        self.intent: set[str] = set()
        # Opportunities presented since the last reset: a card is owed for the first only.
        self.presented: set[str] = set()
        # Everyone a card carrying a reply id was attempted to since the last reset, sent or
        # refused by Meta: a re-presented opportunity's new operator is its operator to the
        # implementation even when their card failed.
        self.addressed: dict[str, set[str]] = {}

    def opt_in(self, ids: Iterable[str]) -> None:
        self.opted_in.update(i for i in ids if i)

    def reset(self) -> None:
        """The implementation forgot every opt-in, draft and approval; live sending is back
        to its default. Its cards stay numbered, but only a newer card with the same id
        makes a tap on one act."""
        self.opted_in.clear()
        self.live = self.live_default
        self.forgotten = len(self.cards)
        for kept in (self.approvals, self.ids_of_opportunity, self.opportunity_of_id):
            kept.clear()
        self.addressed.clear()
        self.revoked.clear()
        self.skipped.clear()
        self.intent.clear()
        self.presented.clear()

    def judge(self, step: StepSeen) -> list[Breach]:
        """Record what ``step`` changed in the world; answer the rules it broke."""
        found: list[Breach] = []
        found += self._grant(step)
        found += self._webhook(step)
        for attempt in step.sends:
            found += self._send(step, attempt)
        found += self._schedule(step)
        found += self._presented(step)
        found += doubled(step)
        found += handshake(step)
        found += empty_body(step)
        found += storms(step)
        found += unheard(step)
        self.breaches += found
        return found

    def card(self, number: int) -> CardSeen | None:
        return self.cards[number - 1] if 0 < number <= len(self.cards) else None

    def acted_card(self, step: StepSeen) -> CardSeen | None:
        """The card the implementation knows a tap of ``step`` by: the tapped one, or for a
        card sent before a reset, the newest later card to the tapper with that id."""
        card = self.card(step.card) if step.card is not None else None
        if card is None or card.number > self.forgotten:
            return card
        later = [
            c
            for c in self.cards[self.forgotten :]
            if step.reply_id in c.ids and c.recipient in step.tapper
        ]
        return later[-1] if later else None

    def _offer(self, card: CardSeen, reply_id: str) -> tuple[int, str]:
        """The newest card that offered ``reply_id`` to ``card``'s operator, with the id: an
        approval is one per offer, whichever of the cards carrying it is tapped."""
        newest = max(
            c.number for c in self.cards if reply_id in c.ids and c.recipient == card.recipient
        )
        return newest, reply_id

    def approval(self, step: StepSeen) -> str | None:
        """What the operator's approve tap of ``step`` earns: "grant", "refuse" or None
        (not an approval by the card's operator, revoked, or already sent)."""
        card = self.acted_card(step)
        if step.kind not in ("tap", "schedule") or card is None or not step.reply_id:
            return None
        if not step.signed:
            return None
        if step.reply_id not in card.ids or card.recipient not in step.tapper:
            return None
        key = _draft_key(step.reply_id)
        if not step.reply_id.endswith(":approve") or key in self.revoked:
            return None
        earlier = self.approvals.get(self._offer(card, step.reply_id))
        if card.prospect is None or (earlier is not None and earlier.used):
            return None
        allowed = self.live and card.prospect in self.opted_in
        if key in self.skipped or self._handed_on(card, step.reply_id):
            return "grant" if allowed else None
        return "grant" if allowed else "refuse"

    def _handed_on(self, card: CardSeen, reply_id: str) -> bool:
        """Whether a later card with ``reply_id`` went to someone else: the opportunity was
        presented to a new operator, who took the draft up, and ``card`` is stale (ignoring
        a stale card's approval without alert is the design's to allow)."""
        return any(
            c.number > card.number and reply_id in c.ids and c.recipient != card.recipient
            for c in self.cards
        )

    def _grant(self, step: StepSeen) -> list[Breach]:
        card = self.acted_card(step)
        earns = self.approval(step)
        if card is None or step.reply_id is None:
            return []
        if earns == "grant" and card.prospect is not None:
            self.approvals[self._offer(card, step.reply_id)] = Approval(card.prospect, (card.body,))
        if card.recipient in step.tapper and step.signed and step.reply_id in card.ids:
            action = step.reply_id.rsplit(":", 1)[-1]
            if action == "cancel":
                self.revoked.add(_draft_key(step.reply_id))
            elif action == "skip":
                self.skipped.update(
                    _draft_key(i) for c in self.cards if c.prospect == card.prospect for i in c.ids
                )
            if action in ("accept", "draft"):
                self.intent.add(_draft_key(step.reply_id))
                # A new decision may reopen a cancelled draft; the design leaves it open.
                # The target shows which it chose: it reopened the drafts it offers a card
                # for again, whether or not that card reaches the operator (an approval on
                # the card they still hold may follow); the others stay revoked.
                offered = {_draft_key(i) for a in step.sends for i in reply_button_ids(a.payload)}
                self.revoked -= offered
                self.skipped -= offered
        if step.refused and not step.new_alert_codes:
            return [Breach("EXP-011", f"approving card {card.number} was refused without alert")]
        return []

    def owes_card(self, step: StepSeen) -> bool:
        """Whether ``step`` presents an opportunity, for the first time since the last
        reset, to an opted-in operator: a card is owed to them, or an alert saying why."""
        return (
            step.kind == "present"
            and step.opportunity not in self.presented
            and bool(step.to & self.opted_in)
        )

    def _presented(self, step: StepSeen) -> list[Breach]:
        if not self.owes_card(step):
            return []
        self.presented.add(str(step.opportunity))
        if card_attempted(step.sends, step.to) or step.new_alert_codes:
            return []
        return [Breach("EXP-015", f"opportunity {step.opportunity!r} brought no card, no alert")]

    def _schedule(self, step: StepSeen) -> list[Breach]:
        """Before accept or draft, the operator's schedule is refused: no card, no meeting."""
        card = self.acted_card(step)
        if step.kind != "schedule" or card is None or step.reply_id is None or not step.signed:
            return []
        if card.recipient not in step.tapper or _draft_key(step.reply_id) in self.intent:
            return []
        found = [
            Breach("EXP-013", f"schedule before intent caused a card (#{a.index})")
            for a in step.sends
            if reply_button_ids(a.payload)
        ]
        if step.meetings is not None and step.meetings[1] > step.meetings[0]:
            found.append(Breach("EXP-013", "schedule before intent recorded a meeting draft"))
        return found

    def _webhook(self, step: StepSeen) -> list[Breach]:
        if step.answer is None:
            return []
        if step.signed and not 200 <= step.answer < 300:
            return [Breach("EXP-006", f"a correctly signed notification got {step.answer}")]
        if not step.signed and 200 <= step.answer < 300:
            return [Breach("EXP-006", f"a wrongly signed notification got {step.answer}")]
        if not step.signed and step.sends:
            return [Breach("EXP-006", f"a wrongly signed notification caused {_sends(step)}")]
        return []

    def _send(self, step: StepSeen, attempt: SendAttempt) -> list[Breach]:
        recorded = RecordedSend("EXPLORE", attempt, frozenset(self.opted_in))
        found = [
            Breach(rule.check_id, f"send #{attempt.index} {rule.broken_by}")
            for rule in RULES
            if rule.broken(recorded)
        ]
        ids = reply_button_ids(attempt.payload)
        if ids and attempt.accepted:
            found += self._new_card(step, attempt, ids)
        if (
            step.kind == "tap"
            and self._stranger(step)
            and (ids or attempt.recipient in self.prospects)
        ):
            what = "a card" if ids else "a message to the prospect"
            found.append(Breach("EXP-012", f"a stranger's tap caused {what} (#{attempt.index})"))
        for reply_id in ids:
            self.addressed.setdefault(reply_id, set()).add(str(attempt.recipient))
        if step.kind in ("redeliver",) and (ids or attempt.recipient in self.prospects):
            what = "a card" if ids else "a message to the prospect"
            found.append(Breach("EXP-004", f"a redelivered tap caused {what} (#{attempt.index})"))
        elif step.kind == "unknown":
            found.append(Breach("EXP-005", f"a tap with an unknown id caused #{attempt.index}"))
        elif step.kind == "text":
            found.append(Breach("EXP-009", f"free text caused send #{attempt.index}"))
        owed = self._to_prospect(attempt) if attempt.recipient in self.prospects else []
        if step.forgery is not None and (ids or owed):
            # A message to the prospect that an approval still owed is allowed (acting
            # late); any other the forged tap caused breaks the forgery's rule, at its level.
            rule_id, forged = step.forgery
            what = "a card" if ids else "a message to the prospect"
            found.append(Breach(rule_id, f"{forged} caused {what} (#{attempt.index})"))
            owed = []
        # A redelivery that reached the prospect broke EXP-004: that is its cause.
        found += [] if step.kind == "redeliver" else owed
        return found

    def _stranger(self, step: StepSeen) -> bool:
        """Whether the tapper received no card carrying the tapped reply id."""
        if not step.signed or step.reply_id is None:
            return False
        holders = {c.recipient for c in self.cards[self.forgotten :] if step.reply_id in c.ids}
        holders |= self.addressed.get(step.reply_id, set())
        return bool(holders) and not holders & step.tapper

    def _new_card(self, step: StepSeen, attempt: SendAttempt, ids: list[str]) -> list[Breach]:
        found: list[Breach] = []
        number = len(self.cards) + 1
        body = _body(attempt.payload)
        recipient = str(attempt.recipient)
        self.cards.append(CardSeen(number, recipient, ids, body, step.prospect, attempt.payload))
        if step.kind != "redeliver":
            # A new card is a new decision, unless a redelivered tap brought it (EXP-004).
            self.revoked.difference_update(_draft_key(i) for i in ids)
            self.skipped.difference_update(_draft_key(i) for i in ids)
        if len(set(ids)) != len(ids):
            found.append(Breach("EXP-003", f"card {number} repeats a reply id: {ids}"))
        if step.kind == "present" and step.opportunity is not None:
            before = self.ids_of_opportunity.setdefault(step.opportunity, ids)
            if before != ids:
                found.append(Breach("EXP-003", f"card {number} changed its ids: {before}→{ids}"))
            for reply_id in ids:
                owner = self.opportunity_of_id.setdefault(reply_id, step.opportunity)
                if owner != step.opportunity:
                    text = f"card {number} reuses id {reply_id!r} of another opportunity"
                    found.append(Breach("EXP-003", text))
        return found

    def _to_prospect(self, attempt: SendAttempt) -> list[Breach]:
        prospect = str(attempt.recipient)
        text = _text(attempt.payload)
        open_ = [(k, a) for k, a in self.approvals.items() if a.prospect == prospect]
        unused = [(k, a) for k, a in open_ if not a.used]
        if not unused:
            if any(_same_text(text, t) for _, a in open_ for t in a.texts):
                return [Breach("EXP-002", f"send #{attempt.index} repeats an approved draft")]
            return [Breach("EXP-001", f"send #{attempt.index} reached a prospect unapproved")]
        matching = [(k, a) for k, a in unused if any(_same_text(text, t) for t in a.texts)]
        if not matching:
            return [Breach("EXP-002", f"send #{attempt.index} is not the text the operator saw")]
        if attempt.accepted:
            matching[0][1].used = True
        return []


def _draft_key(reply_id: str) -> str:
    """A reply id less its action: the card's draft (or opportunity) it decides on."""
    return reply_id.rsplit(":", 1)[0]


def _sends(step: StepSeen) -> str:
    return ", ".join(f"#{a.index}" for a in step.sends)


def _body(payload: Any) -> str:
    card = Card.of(payload)
    return card.body if card is not None else ""


def _text(payload: Any) -> str:
    part = payload.get("text") if isinstance(payload, dict) else None
    body = part.get("body") if isinstance(part, dict) else None
    return body if isinstance(body, str) else _body(payload)


def _same_text(sent: str, shown: str) -> bool:
    """Whether ``sent`` is the text the card showed, allowing for a cut marked "…"."""
    a, b = sent.strip()[:TEXT_PREFIX], shown.rstrip("…").strip()[:TEXT_PREFIX]
    return bool(a) and (a.startswith(b) or b.startswith(a))

"""The design's rules, written once: judged over every send by the invariant checks and the
sandbox (``RULES``), and after every step of an explored conversation (``LAWS``, judged by
``harness.checks.ledger``).

Each rule allows every behaviour the design allows: extra confirmations to the operator,
answering a webhook first and acting afterwards, replying by business-scoped user id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from harness.cloud_api.cards import reply_button_ids
from harness.world import RecordedSend


def too_many_buttons(send: RecordedSend) -> bool:
    return len(reply_button_ids(send.attempt.payload)) > 3


def broke_schema(send: RecordedSend) -> bool:
    return bool(send.attempt.violations)


def went_cold(send: RecordedSend) -> bool:
    return bool(send.attempt.recipient) and send.attempt.recipient not in send.opted_in


@dataclass(frozen=True, slots=True)
class Rule:
    """One judgment over a single send: the check that makes it, and what a breaking send did."""

    check_id: str
    broken_by: str
    broken: Callable[[RecordedSend], bool]
    level: str = "MUST"
    lines: tuple[str, ...] = ()


RULES = (
    Rule("INV-001", "had more than 3 buttons", too_many_buttons, lines=("T1", "X1")),
    Rule("INV-002", "broke the Cloud API schema", broke_schema, lines=("C4",)),
    Rule("INV-003", "went to a number that was not opted in", went_cold, lines=("S6", "S4")),
)


@dataclass(frozen=True, slots=True)
class Law:
    """A rule of the design judged over a conversation: id, level, checklist lines, words."""

    rule_id: str
    level: str
    lines: tuple[str, ...]
    says: str


LAWS = {
    law.rule_id: law
    for law in (
        *(Law(r.check_id, r.level, r.lines, f"no send {r.broken_by}") for r in RULES),
        Law(
            "EXP-001",
            "MUST",
            ("D5", "D1", "D2", "D4", "D6", "S3"),
            "nothing reaches a prospect without opt-in, live sending on, and an approval "
            "by the operator who received that draft",
        ),
        Law(
            "EXP-002",
            "MUST",
            ("D5",),
            "the prospect receives only the text the operator approved, once per approval",
        ),
        Law(
            "EXP-003",
            "MUST",
            ("T2", "C1", "C2", "C4"),
            "card reply ids are unique in a card, stable per opportunity, never shared",
        ),
        Law("EXP-004", "MUST", ("W1",), "a tap is acted on at most once however redelivered"),
        Law("EXP-005", "MUST", ("X2",), "a tap with an unknown reply id causes no send"),
        Law(
            "EXP-006",
            "MUST",
            ("T4", "S2", "W1"),
            "a correctly signed notification is answered 2xx; any other is rejected, no effect",
        ),
        Law("EXP-007", "MUST", ("X3",), "every failure Meta reports reaches the operator"),
        Law("EXP-008", "MUST", ("X3",), "a failed send is not retried blindly"),
        Law("EXP-009", "SHOULD", ("X2",), "free text from a user causes no send"),
        Law("EXP-010", "MUST", ("I1",), "control commands are answered as the interface says"),
        Law("EXP-011", "MUST", ("D5",), "an approval that may not be sent raises an alert"),
        Law(
            "EXP-012",
            "MUST",
            ("C1", "C2"),
            "a tap by someone who never received that card brings no card and no message "
            "to a prospect",
        ),
        Law(
            "EXP-013",
            "MUST",
            ("D4",),
            "schedule before accept or draft is refused: no card, no meeting draft",
        ),
        Law(
            "EXP-014",
            "MUST",
            ("S1",),
            "the verify handshake echoes the challenge for the configured token only",
        ),
        Law(
            "EXP-015",
            "MUST",
            ("S5", "C1"),
            "an opportunity presented to an opted-in operator reaches them as a card, or an "
            "alert says why",
        ),
        Law(
            "EXP-016",
            "MUST",
            ("T4",),
            "a correctly signed body that is no notification causes no crash and no send",
        ),
        # The negative battery's variants (docs/negative-battery.md), with its levels.
        Law(
            "EXP-017",
            "MUST",
            ("X2", "D5", "D3"),
            "a tap with a reply id the card never carried (a structural variant of one of "
            "its ids) brings no card and no message to a prospect",
        ),
        Law(
            "EXP-018",
            "SHOULD",
            ("X2",),
            "a reply id is matched exactly: one in other case or padded brings no card and "
            "no message to a prospect",
        ),
        Law(
            "EXP-019",
            "SHOULD",
            ("D5", "S6"),
            "a tap by a sender close to the card's operator (their name, a number like "
            "theirs, a username user) brings no card and no message to a prospect",
        ),
        Law(
            "EXP-020",
            "SHOULD",
            ("S1",),
            "the verify handshake with a hub.mode other than subscribe is not answered",
        ),
        # A tap dropped sends nothing: only the draft card it owed shows it.
        Law(
            "EXP-021",
            "MUST",
            ("D3", "B1", "W1"),
            "an operator's first «رسالة» on their opportunity card brings them the draft "
            "card, or an alert says why, whoever they are and however the tap is batched",
        ),
        Law(
            "EXP-022",
            "SHOULD",
            ("D3", "W1"),
            "a tap beside another message in one change is handled too, as RPL-012 judges it",
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Breach:
    """A rule a step broke, in words that name what happened."""

    rule_id: str
    text: str

    @property
    def level(self) -> str:
        return LAWS[self.rule_id].level

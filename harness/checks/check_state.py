"""What a check's steps hand one another, typed, each part named for the step that sets it.

A Then step judges what a Given or When step recorded here. A scenario (a QA feature
file among them) that leaves out the step a reader needs gets a ``HarnessError`` naming
the step to add, so the check errors with the fix instead of on a missing key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from harness.errors import HarnessError
from harness.targets.transport import HttpAnswer
from harness.webhooks.delivery import Delivery, HandshakeAnswer

Card = dict[str, Any]
T = TypeVar("T")


def _recorded(value: T | None, what: str, step: str) -> T:
    """``value``, which an earlier step should have recorded; if none did, which to add."""
    if value is None:
        raise HarnessError(f"{what} in this check: add a step such as '{step}' before this one")
    return value


@dataclass(frozen=True, slots=True)
class ControlCall:
    """An in-process ``control()`` given an unknown command: its answer, or what it raised."""

    answer: Any = None
    raised: str | None = None


@dataclass(frozen=True, slots=True)
class Parsed:
    """What ``parse_button_reply`` answered for ``message`` (None is an answer too)."""

    message: dict[str, Any]
    answer: Any


@dataclass(frozen=True, slots=True)
class Operator:
    """The check's operator, to whom the implementation brings opportunities."""

    name: str
    # The id the implementation knows them by: a phone number, or a BSUID for a username user.
    wa_id: str
    # A username user's phone number, which Meta keeps hidden from the business.
    phone: str | None = None
    username: str | None = None

    @property
    def webhook_number(self) -> str:
        """The number Meta's webhooks carry for them: their taps' ``from``, statuses' recipient."""
        return self.phone or self.wa_id


@dataclass
class Cards:
    """The opportunities, in the interface's shape, and the cards under test."""

    # Every opportunity of the check by id, and the one created last, which the steps
    # that name none mean.
    opportunities: dict[str, dict[str, Any]] = field(default_factory=dict)
    opportunity: dict[str, Any] | None = None
    # The newest card each opportunity brought the operator, by opportunity id.
    received: dict[str, Card] = field(default_factory=dict)
    # The newest card the operator received; the next tap is on it.
    last: Card | None = None
    # The cards a "the harness obtains/builds ..." step got, judged by the card Then steps.
    built: list[Card] | None = None
    # The drafts of "Given a draft ...", in the order given.
    drafts: list[dict[str, Any]] = field(default_factory=list)

    def require_opportunity(self) -> dict[str, Any]:
        return _recorded(
            self.opportunity, "no opportunity was created", 'Given an opportunity "opp-1"'
        )

    def require_last(self) -> Card:
        return _recorded(
            self.last,
            "the operator has received no card",
            'Given an opted-in operator who received the opportunity card for "opp-1"',
        )

    def require_received(self) -> list[Card]:
        received = _recorded(
            self.received or None,
            "the operator has received no opportunity card",
            'Given the operator received the opportunity card for "opp-1"',
        )
        return list(received.values())

    def require_built(self) -> list[Card]:
        return _recorded(
            self.built, "no card was obtained", "When the harness obtains the opportunity card"
        )

    def require_drafts(self) -> list[dict[str, Any]]:
        return _recorded(
            self.drafts or None, "no draft was given", 'Given a draft "d-1" of opportunity "opp-1"'
        )


@dataclass
class Answers:
    """What the target answered to the harness's requests."""

    # The last verification GET (a HandshakeAnswer) or control command sent over HTTP.
    answer: HttpAnswer | None = None
    # The last webhook POST and the implementation's answer to it.
    delivery: Delivery | None = None
    # An unknown control command given to an in-process control() function.
    control: ControlCall | None = None
    # Each recorded payload replayed, by name, with the status it was answered.
    replay: list[tuple[str, int]] | None = None

    def require_handshake(self) -> HandshakeAnswer:
        handshake = self.answer if isinstance(self.answer, HandshakeAnswer) else None
        return _recorded(
            handshake,
            "no verify-token handshake was sent",
            "When the harness sends the verify-token handshake with the right token",
        )

    def require_answer(self) -> HttpAnswer:
        return _recorded(
            self.answer,
            "no handshake or HTTP control command was answered",
            "When the harness sends the verify-token handshake with the right token",
        )

    def require_delivery(self) -> Delivery:
        return _recorded(
            self.delivery,
            "no webhook was delivered",
            'When the operator taps "accept" with a valid signature',
        )

    def require_replay(self) -> list[tuple[str, int]]:
        return _recorded(
            self.replay,
            "no recorded payload was replayed",
            "When every recorded payload is delivered with a valid signature",
        )


@dataclass
class CheckState:
    """Everything one step of a check leaves for the next ones to read."""

    operator: Operator | None = None
    cards: Cards = field(default_factory=Cards)
    answers: Answers = field(default_factory=Answers)
    # The first send index the Then steps judge: set by the When step that acted last.
    since: int | None = None
    # The message of "Given a message that is ...", and what parse_button_reply made of it.
    message: dict[str, Any] | None = None
    parsed: Parsed | None = None
    # Set when a Given step restarted the target with other settings; undone after the check.
    reconfigured: bool = False
    # Set once the operator tapped: a person's next tap comes after they saw its effects.
    tapped: bool = False

    def require_operator(self) -> Operator:
        return _recorded(self.operator, "no operator was given", "Given an opted-in operator")

    def require_since(self) -> int:
        return _recorded(
            self.since,
            "no When step delivered a webhook or presented an opportunity",
            'When the operator taps "accept" with a valid signature',
        )

    def require_message(self) -> dict[str, Any]:
        return _recorded(
            self.message, "no message was given", "Given a message that is a text message"
        )

    def require_parsed(self) -> Parsed:
        return _recorded(
            self.parsed, "no message was parsed", "When parse_button_reply is given the message"
        )

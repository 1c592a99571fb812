"""What a check did and saw, step by step: a closed set of immutable evidence records.

The checks write these records; the reports read their fields. The JSON form of each
record is written in one place (``harness.reports.evidence``), and every string in a
record is masked there before anything is shown (``harness.reports.redaction``): a record
holds raw values, so a check judges what really happened.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# The steps some records always name, as reports show them.
SENDS_STEP = "messages the implementation sent"
OFFENDING_STEP = "the rule was broken by"
FAILED_STEP = "failed at"
REFUSED_STEP = "calls refused by the in-process fake"


@dataclass(frozen=True, slots=True)
class Answer:
    """What the implementation answered an HTTP request (the body decoded as UTF-8)."""

    status: int
    body: str = ""
    elapsed_s: float = 0.0


@dataclass(frozen=True, slots=True)
class BrokenRule:
    """A Cloud API rule a send broke: where (``$.interactive…``), which, and Meta's words."""

    json_path: str
    rule: str
    details: str
    code: int


@dataclass(frozen=True, slots=True)
class SentMessage:
    """One send the implementation attempted, as the fake Graph API took and answered it."""

    index: int
    recipient: str | None = None
    # The message as the implementation wrote it (JSON), None when its body was not JSON.
    payload: Any = None
    status: int = 200
    response: Mapping[str, Any] = field(default_factory=dict)
    method: str = "POST"
    path: str = ""
    # The body as sent; reports show it only when it was not JSON.
    raw_body: str = ""
    at: float = 0.0
    accepted: bool = True
    violations: tuple[BrokenRule, ...] = ()
    wamid: str | None = None
    fault: str | None = None
    recipient_user_id: str | None = None
    unmodelled: str | None = None


@dataclass(frozen=True, slots=True)
class Caused:
    """A send a step caused: its index in the fake's journal, and one line about it."""

    index: int
    summary: str


@dataclass(frozen=True, slots=True)
class Delivered:
    """A webhook POST the harness delivered as Meta does: the exact bytes, and the answer."""

    step: str
    method: str
    path: str
    headers: Mapping[str, str]
    body: str
    answer: Answer
    signature: str = "valid"
    tampered: bool = False
    # The body parsed as JSON; None when it is not JSON (tampered, empty, garbage).
    decoded: Any = None
    caused: tuple[Caused, ...] = ()
    example: str = ""


@dataclass(frozen=True, slots=True)
class Handshake:
    """The verification GET: what the step says it sent, the masked query, and the answer."""

    step: str
    request: Mapping[str, Any]
    path: str
    query: Mapping[str, str]
    answer: Answer
    example: str = ""


@dataclass(frozen=True, slots=True)
class ControlCommand:
    """A control command the harness gave the target, and the target's answer."""

    step: str
    command: str
    arguments: Mapping[str, Any] = field(default_factory=dict)
    # What the target answered: its JSON, or the HTTP answer of a command sent over HTTP.
    answer: Any = None
    caused: tuple[Caused, ...] = ()
    example: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    """Anything else the harness did or saw: a builder called, the world changed, a remark."""

    step: str
    request: Any = None
    answer: Any = None
    caused: tuple[Caused, ...] = ()
    example: str = ""


@dataclass(frozen=True, slots=True)
class Refused:
    """Calls the in-process fake refused: a target reaching for a host it may not."""

    calls: tuple[str, ...]
    step: str = REFUSED_STEP
    example: str = ""


@dataclass(frozen=True, slots=True)
class Sends:
    """Every send of the check, in the order they came."""

    sends: tuple[SentMessage, ...]
    step: str = SENDS_STEP
    example: str = ""


@dataclass(frozen=True, slots=True)
class JudgedSend:
    """A send an invariant judged, with the check it happened during (``during FLW-010``)."""

    step: str
    send: SentMessage
    example: str = ""


@dataclass(frozen=True, slots=True)
class BrokenBy:
    """The sends the failure names as the ones that broke the rule (journal indices)."""

    sends: tuple[int, ...]
    step: str = OFFENDING_STEP
    example: str = ""


@dataclass(frozen=True, slots=True)
class FailedAt:
    """The Gherkin step the check failed at (``Then nothing was sent…``)."""

    gherkin: str
    step: str = FAILED_STEP
    example: str = ""


@dataclass(frozen=True, slots=True)
class Data:
    """Evidence of a shape no other record names, kept whole: its fields as given."""

    fields: Mapping[Any, Any]
    step: str = ""
    example: str = ""


# The closed set: reports handle each kind, and mypy checks that none is missed.
Evidence = (
    Delivered
    | Handshake
    | ControlCommand
    | Note
    | Refused
    | Sends
    | JudgedSend
    | BrokenBy
    | FailedAt
    | Data
)
# Records that can carry the sends a step caused.
WithCauses = Delivered | ControlCommand | Note


def sends_of(item: Evidence) -> tuple[SentMessage, ...]:
    """The captured sends a record holds whole (not the ones it only points at)."""
    if isinstance(item, Sends):
        return item.sends
    if isinstance(item, JudgedSend):
        return (item.send,)
    return ()


def failed_step(evidence: Sequence[Evidence]) -> str:
    """The Gherkin step the check failed at, if known."""
    return next((item.gherkin for item in evidence if isinstance(item, FailedAt)), "")


def offending(evidence: Sequence[Evidence]) -> set[int]:
    """Journal indices of the sends that broke the rule."""
    return {index for item in evidence if isinstance(item, BrokenBy) for index in item.sends}

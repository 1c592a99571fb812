"""What one step of an explored conversation did and caused, and the rules judged on
that step alone (the ledger judges those that need the conversation so far)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from harness.checks.judgments import Breach
from harness.checks.retries import storm
from harness.cloud_api.cards import reply_button_ids
from harness.fake_graph import SendAttempt


@dataclass
class StepSeen:
    """What one step did and caused, as the conversation saw it."""

    # opt_in | live | present | tap | redeliver | text | unknown | fault | status | reset |
    # handshake | identity | forged
    kind: str
    sends: list[SendAttempt] = field(default_factory=list)
    # The prospect the cards this step brings belong to (present, or a tap on a linked card).
    prospect: str | None = None
    opportunity: str | None = None
    # The tapper's ids and the tapped card's number and reply id, for taps.
    tapper: frozenset[str] = frozenset()
    card: int | None = None
    reply_id: str | None = None
    # The webhook's answer, and whether its signature was Meta's.
    answer: int | None = None
    signed: bool = True
    # Error codes Meta reported during the step, and alert codes the target added.
    failures: list[int] = field(default_factory=list)
    new_alert_codes: list[int | None] = field(default_factory=list)
    # An approval the design refuses (live sending off, prospect not opted in): it owes
    # the operator an alert saying why.
    refused: bool = False
    # Meeting drafts the target listed before and after a schedule tap (None: not offered).
    meetings: tuple[int, int] | None = None
    # How many deliveries of the same tap the step made at once (Meta's overlapping retry).
    copies: int = 1
    # Whether the implementation can tell the tapper is who they are (see
    # ``Conversation.knows``): an approval it cannot attribute owes no alert.
    known: bool = True
    # The operator a present step addressed, by every id they have.
    to: frozenset[str] = frozenset()
    # The answer to a correctly signed empty body (SIG-003): anything but a crash.
    empty_answer: int | None = None
    # A verify handshake: (with the configured token, echoed exactly, 200 with the challenge).
    handshake: tuple[bool, bool, bool] | None = None
    # The handshake's hub.mode was not "subscribe" (its token the configured one).
    wrong_mode: bool = False
    # A tap forged as the negative battery forges them: the rule it may break and how it
    # was forged, in words.
    forgery: tuple[str, str] | None = None


def doubled(step: StepSeen) -> list[Breach]:
    """A tap delivered twice at once that brought the same card twice was acted on twice."""
    if step.copies < 2:
        return []
    seen: set[tuple[str | None, tuple[str, ...]]] = set()
    for attempt in step.sends:
        ids = tuple(reply_button_ids(attempt.payload))
        if not ids or not attempt.accepted:
            continue
        if (attempt.recipient, ids) in seen:
            text = (
                f"a tap delivered {step.copies} times at once brought card #{attempt.index} again"
            )
            return [Breach("EXP-004", text)]
        seen.add((attempt.recipient, ids))
    return []


def handshake(step: StepSeen) -> list[Breach]:
    """Only the configured verify token has the challenge echoed, and exactly."""
    if step.handshake is None:
        return []
    right, echoed, leaked = step.handshake
    if right and not echoed:
        return [Breach("EXP-014", "the handshake with the configured token was not answered")]
    if not right and leaked and step.wrong_mode:
        return [Breach("EXP-020", "the handshake with another hub.mode echoed the challenge")]
    if not right and leaked:
        return [Breach("EXP-014", "the handshake with a wrong token echoed the challenge")]
    return []


def card_attempted(sends: Iterable[SendAttempt], to: frozenset[str]) -> bool:
    """Whether a card with reply buttons was attempted to ``to``, accepted by Meta or not."""
    return any(a.recipient in to and reply_button_ids(a.payload) for a in sends)


def storms(step: StepSeen) -> list[Breach]:
    """Attempts of one message to one user in the step, judged as FLW-019 judges retries."""
    arrivals: dict[tuple[str | None, str], list[float]] = {}
    for attempt in step.sends:
        arrivals.setdefault((attempt.recipient, attempt.raw_body), []).append(attempt.received_s)
    for times in arrivals.values():
        if (problem := storm(times)) is not None:
            return [Breach("EXP-008", f"one message: {problem}")]
    return []


def unheard(step: StepSeen) -> list[Breach]:
    """Failures Meta reported during the step that brought no alert carrying their code."""
    missing = sorted({c for c in step.failures if c not in step.new_alert_codes})
    if not missing:
        return []
    return [Breach("EXP-007", f"Meta reported error {missing} and no alert carried it")]


def failure_codes(sends: Iterable[SendAttempt]) -> list[int]:
    """Error codes of rejected sends, less those the same message was retried after."""
    sent = list(sends)
    codes = []
    for n, attempt in enumerate(sent):
        if attempt.accepted:
            continue
        # A retry of the same message answers for this failure: only a chain's last counts.
        if any(a.raw_body == attempt.raw_body for a in sent[n + 1 :]):
            continue
        code = ((attempt.response or {}).get("error") or {}).get("code")
        if isinstance(code, int):
            codes.append(code)
    return codes


def empty_body(step: StepSeen) -> list[Breach]:
    """A correctly signed empty body causes no crash (5xx) and no send."""
    if step.kind != "empty_body":
        return []
    if step.empty_answer is not None and step.empty_answer >= 500:
        return [Breach("EXP-016", f"a correctly signed empty body got {step.empty_answer}")]
    if step.sends:
        return [
            Breach("EXP-016", f"a correctly signed empty body caused send #{step.sends[0].index}")
        ]
    return []

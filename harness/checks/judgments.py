"""The rules judged over every send: shared by the invariant checks and the sandbox."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from harness.world import RecordedSend


def button_count(payload: object) -> int:
    """How many reply buttons a /messages body carries (0 when it is not a button card)."""
    if not isinstance(payload, dict):
        return 0
    interactive = payload.get("interactive")
    action = interactive.get("action") if isinstance(interactive, dict) else None
    found = action.get("buttons") if isinstance(action, dict) else None
    return len(found) if isinstance(found, list) else 0


def too_many_buttons(send: RecordedSend) -> bool:
    return button_count(send.attempt.payload) > 3


def broke_schema(send: RecordedSend) -> bool:
    return bool(send.attempt.violations)


def went_cold(send: RecordedSend) -> bool:
    return bool(send.attempt.recipient) and send.attempt.recipient not in send.opted_in


@dataclass(frozen=True, slots=True)
class Rule:
    """One judgment: the check that makes it, and what a breaking send did."""

    check_id: str
    broken_by: str
    broken: Callable[[RecordedSend], bool]


RULES = (
    Rule("INV-001", "had more than 3 buttons", too_many_buttons),
    Rule("INV-002", "broke the Cloud API schema", broke_schema),
    Rule("INV-003", "went to a number that was not opted in", went_cold),
)

"""The rules a sandbox session breaks, judged live as the checks judge them."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from harness.checks.judgments import RULES
from harness.fake_graph import SendAttempt
from harness.sandbox.session_records import Finding
from harness.world import RecordedSend


def send_findings(send: RecordedSend, role: str, live_send: bool | None) -> list[Finding]:
    """The rules one send broke: the invariants, and FLW-012 (live sending was off)."""
    attempt = send.attempt
    who = f"{role} {attempt.recipient}"
    found = [
        Finding(rule.check_id, f"send #{attempt.index} to {who} {rule.broken_by}", attempt.index)
        for rule in RULES
        if rule.broken(send)
    ]
    if role == "prospect" and not live_send:
        text = f"send #{attempt.index} to {who} while live sending was off"
        found.append(Finding("FLW-012", text, attempt.index))
    return found


def strangers_tap_findings(
    caused: Iterable[SendAttempt], role_of: Callable[[str | None], str]
) -> list[Finding]:
    """FLW-023: a tap by someone other than the card's operator sends the prospect nothing."""
    return [
        Finding(
            "FLW-023",
            f"send #{attempt.index} to prospect {attempt.recipient} followed a tap by someone "
            "other than the operator",
            attempt.index,
        )
        for attempt in caused
        if attempt.accepted and role_of(attempt.recipient) == "prospect"
    ]

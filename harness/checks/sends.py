"""How a send attempt is shown: one line for transcripts, the captured send for reports."""

from __future__ import annotations

from typing import Any

from harness.cloud_api.cards import Card
from harness.evidence import BrokenRule, SentMessage
from harness.fake_graph import SendAttempt


def send_evidence(attempt: SendAttempt) -> SentMessage:
    """A captured send for a report."""
    return SentMessage(
        index=attempt.index,
        recipient=attempt.recipient,
        payload=attempt.payload,
        status=attempt.status,
        response=attempt.response,
        method=attempt.method,
        path=attempt.path,
        raw_body=attempt.raw_body,
        at=attempt.at,
        accepted=attempt.accepted,
        violations=tuple(
            BrokenRule(v.json_path, v.rule, v.details, v.code) for v in attempt.violations
        ),
        wamid=attempt.wamid,
        fault=attempt.fault,
        recipient_user_id=attempt.recipient_user_id,
        unmodelled=attempt.unmodelled,
    )


def send_summary(attempt: SendAttempt, to: str) -> str:
    """``to operator 9665…: card «…» [قبول opp:1:accept | …] -> 200`` for transcripts."""
    payload = attempt.payload if isinstance(attempt.payload, dict) else {}
    kind = payload.get("type", "?")
    if kind == "text":
        what = f"text «{_short((payload.get('text') or {}).get('body'))}»"
    elif (card := Card.of(payload)) is not None:
        labels = " | ".join(f"{b.title} {b.id}" for b in card.buttons)
        what = f"card «{_short(card.body)}» [{labels}]"
    else:
        what = str(kind)
    error = (attempt.response or {}).get("error") or {}
    verdict = f"{attempt.status} {error.get('message', '')}".strip()
    details = (error.get("error_data") or {}).get("details")
    return f"to {to}: {what} -> {verdict}" + (f": {details}" if details else "")


def _short(text: Any, limit: int = 60) -> str:
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"

"""What a sandbox session keeps: the tester's steps, broken rules, users' messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Step:
    """Something the tester did, and the sends and alerts it caused: what exports replay."""

    kind: str  # opt_in | live_send | present | tap | text | clock | fault
    data: dict[str, Any]
    caused: tuple[int, ...] = ()
    new_alerts: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule the session broke: the check that judges it, and the send that broke it."""

    check_id: str
    text: str
    attempt: int


@dataclass(frozen=True, slots=True)
class UserMessage:
    """A message a user sent, as its phone shows it."""

    role: str
    wa_id: str
    kind: str
    text: str
    message_id: str
    at: float = 0.0


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A consistent copy of the session's records, for the page and the exports."""

    version: int
    steps: tuple[Step, ...]
    timeline: tuple[tuple[str, int], ...]
    inbound: tuple[UserMessage, ...]
    webhook_answers: dict[str, int]
    statuses: dict[str, tuple[str, dict[str, Any] | None]]
    findings: tuple[Finding, ...]
    alerts: tuple[dict[str, Any], ...]
    # What each user message caused, by its message id: "no effect", or sends and alerts.
    effects: dict[str, str]

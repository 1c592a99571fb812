"""The reference flow's records: opportunities, drafts, opt-ins, alerts and their states."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class OpportunityStatus(StrEnum):
    """Where the operator stands on an opportunity."""

    PRESENTED = "presented"
    ACCEPTED = "accepted"
    DRAFTED = "drafted"
    SKIPPED = "skipped"


class DraftStatus(StrEnum):
    """Where a message draft stands."""

    PENDING = "pending"
    SENT = "sent"
    CANCELLED = "cancelled"


# Intent is confirmed once the operator accepted or asked for a draft; only then may a
# meeting be scheduled.
INTENT_CONFIRMED = frozenset({OpportunityStatus.ACCEPTED, OpportunityStatus.DRAFTED})


def is_user_id(ident: str) -> bool:
    """A business-scoped user id (``SA.1234…``, ``US.ENT.…``) rather than a phone number."""
    return "." in ident


def normalize_wa_id(wa_id: str) -> str:
    """Compare numbers by their digits so ``+1 555…`` and ``1555…`` are one person.

    A business-scoped user id is compared as it is: its digits alone name no one.
    """
    if is_user_id(wa_id):
        return wa_id.strip()
    digits = "".join(ch for ch in wa_id if ch.isdigit())
    return digits or wa_id.strip()


@dataclass(frozen=True)
class OptIn:
    """One entry of the opt-in ledger."""

    wa_id: str
    source: str | None = None


@dataclass(frozen=True)
class MeetingDraft:
    """A meeting request recorded for the operator; never sent to the prospect by itself."""

    opportunity_id: str
    requested_by: str
    message_id: str | None = None


@dataclass
class Opportunity:
    """An opportunity as presented to one operator, with the operator's decision."""

    id: str
    operator: str
    data: dict[str, Any]
    prospect_wa_id: str
    status: OpportunityStatus = OpportunityStatus.PRESENTED
    meetings: list[MeetingDraft] = field(default_factory=list)


@dataclass
class Draft:
    """A message to a prospect awaiting the operator's approval."""

    id: str
    opportunity_id: str
    operator: str
    prospect_wa_id: str
    text: str
    status: DraftStatus = DraftStatus.PENDING
    edit_requested: bool = False


@dataclass(frozen=True)
class Alert:
    """Something the operator UI must show: a blocked or failed send, a refused action."""

    code: int | None
    message: str
    wa_id: str | None
    kind: str
    context: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form answered by the ``alerts`` command."""
        return {
            "code": self.code,
            "message": self.message,
            "wa_id": self.wa_id,
            "kind": self.kind,
            **self.context,
        }


def _text(value: Any) -> str:
    """A string field of untrusted input, or empty."""
    return value if isinstance(value, str) else ""


def _dicts(value: Any) -> list[dict[str, Any]]:
    """The dict elements of a list, or nothing."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def list_drafts(
    drafts: Iterable[Draft], opportunities: Iterable[Opportunity]
) -> list[dict[str, Any]]:
    """The ``drafts`` control answer: message drafts with their state, and meeting drafts."""
    found: list[dict[str, Any]] = [
        {"id": d.id, "kind": "message", "state": d.status.value, "opportunity_id": d.opportunity_id}
        for d in drafts
    ]
    for record in opportunities:
        found += [
            {"kind": "meeting", "state": "draft", "opportunity_id": m.opportunity_id}
            for m in record.meetings
        ]
    return found

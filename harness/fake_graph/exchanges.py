"""What the fake answers (``GraphReply``) and what it remembers (``SendAttempt``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from harness.fake_graph.validation import Violation

# A reply with this status was never sent: the fake stayed silent (the no_answer fault).
NO_ANSWER = 0


@dataclass(frozen=True, slots=True)
class GraphReply:
    """The answer to one request: status and JSON body, after ``delay_s``, or silence."""

    status: int
    body: dict[str, Any]
    delay_s: float = 0.0
    hang_s: float | None = None

    def json_bytes(self) -> bytes:
        """The body as every transport sends it: compact JSON, like Graph."""
        return json.dumps(self.body, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True, slots=True)
class SendAttempt:
    """One request the fake received, accepted or not; it never holds the access token."""

    index: int
    method: str
    path: str
    # The user the send reached: their phone digits when known, else the BSUID it named.
    recipient: str | None
    payload: Any
    raw_body: str
    status: int
    response: dict[str, Any]
    at: float
    accepted: bool
    violations: tuple[Violation, ...] = field(default=())
    wamid: str | None = None
    fault: str | None = None
    # The BSUID of the user the send reached, when the fake knows it (or the send named it).
    recipient_user_id: str | None = None
    # A kind Meta accepts that the fake does not model ("image", "interactive/cta_url"):
    # accepted unjudged, so a report can say "not modelled", never "rejected by Meta".
    unmodelled: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, for reports and the loopback ``/_harness/sent`` route."""
        return {
            "index": self.index,
            "method": self.method,
            "path": self.path,
            "recipient": self.recipient,
            "payload": self.payload,
            "raw_body": self.raw_body,
            "status": self.status,
            "response": self.response,
            "at": self.at,
            "accepted": self.accepted,
            "violations": [v.to_dict() for v in self.violations],
            "wamid": self.wamid,
            "fault": self.fault,
            "recipient_user_id": self.recipient_user_id,
            "unmodelled": self.unmodelled,
        }

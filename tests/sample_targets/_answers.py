"""Meta's answer read the reference's way, for sample clients that are not requests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from harness.reference.graph_client import SendResult, _message_id, _refusal


@dataclass(frozen=True)
class Answer:
    """Status and body of one answer, with the two readers the reference's parsers use."""

    status: int
    body: bytes

    @property
    def status_code(self) -> int:
        return self.status

    def json(self) -> Any:
        return json.loads(self.body)


def refusal(answer: Answer) -> SendResult:
    # The reference's readers only use .json() and .status_code.
    return _refusal(answer)  # type: ignore[arg-type]


def message_id(answer: Answer) -> str | None:
    return _message_id(answer)  # type: ignore[arg-type]

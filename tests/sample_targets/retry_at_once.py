"""Seeded defect: a 130429 is retried twice at once, without waiting (FLW-019).

Bounded, but three attempts land within milliseconds: the same second's throughput,
already spent, is asked for again.
"""

from __future__ import annotations

from typing import Any

from harness.reference.graph_client import GraphClient, SendResult

from . import _base
from ._base import build_draft_card, build_opportunity_card, parse_button_reply

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]

RATE_LIMITED = 130429


class ImpatientClient(GraphClient):
    def send(self, to: str, message: dict[str, Any]) -> SendResult:
        result = super().send(to, message)
        # DEFECT: two retries straight away; the limit is per second, so both are refused.
        for _ in range(2):
            if result.error_code != RATE_LIMITED:
                break
            result = super().send(to, message)
        return result


create_app, control = _base.interface(client_class=ImpatientClient)

"""Seeded defect: a 130429 rate-limit answer is retried again and again (FLW-019)."""

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


class RetryingClient(GraphClient):
    def send(self, to: str, message: dict[str, Any]) -> SendResult:
        result = super().send(to, message)
        # DEFECT: a blind retry loop on rate limits, with no backoff.
        for _ in range(10):
            if result.error_code != RATE_LIMITED:
                break
            result = super().send(to, message)
        return result


create_app, control = _base.interface(client_class=RetryingClient)

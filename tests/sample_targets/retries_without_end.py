"""Seeded defect: a 130429 is retried again and again, spaced but without a bound (FLW-019).

Each retry waits 0.55 s, so no three attempts fall within a second; but it stops only
after six retries here (a real one would go on), past any short backoff.
"""

from __future__ import annotations

import time
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
PAUSE_S = 0.55


class PersistentClient(GraphClient):
    def send(self, to: str, message: dict[str, Any]) -> SendResult:
        result = super().send(to, message)
        # DEFECT: retries on and on (capped at six only to keep the test short).
        for _ in range(6):
            if result.error_code != RATE_LIMITED:
                break
            time.sleep(PAUSE_S)
            result = super().send(to, message)
        return result


create_app, control = _base.interface(client_class=PersistentClient)

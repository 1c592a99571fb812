"""No defect: a 130429 is retried three times with spaced exponential backoff, then alerted.

Meta answers 130429 until the number is back within its throughput and advises waiting
before a retry; a short, spaced, bounded backoff is what it asks for, and FLW-019 must pass
it. The delays are small (0.4 s, doubling, plus up to 10 % jitter, under 3.1 s in all) so
the check stays quick, yet no three attempts fall within one second.
"""

from __future__ import annotations

import random
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
RETRIES = 3
FIRST_DELAY_S = 0.4
JITTER = 0.1


class BackoffClient(GraphClient):
    def send(self, to: str, message: dict[str, Any]) -> SendResult:
        result = super().send(to, message)
        delay = FIRST_DELAY_S
        for _ in range(RETRIES):
            if result.error_code != RATE_LIMITED:
                break
            time.sleep(delay * (1 + random.uniform(0, JITTER)))
            delay *= 2
            result = super().send(to, message)
        # Still refused: the flow turns the 130429 into an alert for the operator.
        return result


create_app, control = _base.interface(client_class=BackoffClient)

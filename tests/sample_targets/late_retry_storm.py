"""Seeded defect: a 130429 is retried in a storm after the webhook was answered (FLW-019).

The retries start 0.3 s after the refusal and come back to back; ``settle`` answers once
they are made, so the storm is judged though it came after the answer.
"""

from __future__ import annotations

from . import _base
from ._base import build_draft_card, build_opportunity_card, parse_button_reply
from ._later_retries import LaterRetryApp, LaterRetryClient

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]


class Client(LaterRetryClient):
    DELAYS_S = (0.3, 0.01, 0.01, 0.01)


create_app, control = _base.interface(app_class=LaterRetryApp, client_class=Client)

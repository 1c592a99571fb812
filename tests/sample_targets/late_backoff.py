"""No defect: a 130429 is retried after the webhook was answered, spaced and bounded.

The retries come 0.4 s and 0.8 s after the refusal, on a thread of their own; ``settle``
answers once they are made, so FLW-019 judges every attempt and must pass.
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
    DELAYS_S = (0.4, 0.8)


create_app, control = _base.interface(app_class=LaterRetryApp, client_class=Client)

"""Seeded defect: a 130429 is retried in a storm after the webhook was answered (FLW-019).

As ``late_retry_storm``, without ``settle``: only the harness's quiet-spell watch sees
the retries, which start 0.3 s after the refusal and come back to back.
"""

from __future__ import annotations

from . import _base
from ._base import build_draft_card, build_opportunity_card, parse_button_reply
from ._later_retries import LaterRetryApp
from .late_retry_storm import Client

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]


class App(LaterRetryApp):
    offers_settle = False


create_app, control = _base.interface(app_class=App, client_class=Client)

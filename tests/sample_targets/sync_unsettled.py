"""No defect: the reference acting before it answers, without ``settle``.

Every effect is in by the time a webhook is answered; the harness cannot know that
without ``settle``, so it must learn it from the effects it sees.
"""

from __future__ import annotations

from . import _base
from ._base import build_draft_card, build_opportunity_card, parse_button_reply

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]


class UnsettledApp(_base.App):
    offers_settle = False


create_app, control = _base.interface(app_class=UnsettledApp)

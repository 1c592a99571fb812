"""No defect: the reference acting 100-300 ms after it answered, offering ``settle``.

``settle`` answers once the queued work is done, so the harness waits no grace window.
"""

from __future__ import annotations

from . import _base
from ._base import build_draft_card, build_opportunity_card, parse_button_reply
from ._deferred import DeferredApp

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]


class SettlingApp(DeferredApp):
    offers_settle = True


create_app, control = _base.interface(app_class=SettlingApp)

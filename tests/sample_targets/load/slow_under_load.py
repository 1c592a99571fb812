"""Load defect: every notification holds one global lock for 40 ms before answering.

One at a time that is a 40 ms answer, well within Meta's guidance; under concurrent
deliveries the queue behind the lock pushes the median far past 250 ms.
"""

from __future__ import annotations

import threading
import time

from werkzeug.wrappers import Request, Response

from .. import _base
from .._base import build_draft_card, build_opportunity_card, parse_button_reply

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]

WORK_S = 0.04
_ONE_AT_A_TIME = threading.Lock()


class App(_base.App):
    def _on_notify(self, request: Request) -> Response:
        # DEFECT: synchronous work under a process-wide lock, before the answer.
        with _ONE_AT_A_TIME:
            time.sleep(WORK_S)
            return super()._on_notify(request)


create_app, control = _base.interface(app_class=App)

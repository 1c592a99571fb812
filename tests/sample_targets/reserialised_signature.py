r"""Seeded defect: the HMAC is checked over re-serialised JSON, not the raw bytes (SIG-004).

Meta signs the bytes it sends (escaped non-ASCII, `\/`); `json.dumps(json.loads(body))`
gives other bytes, so genuine notifications are refused.
"""

from __future__ import annotations

import json

from werkzeug.wrappers import Response

from . import _base
from ._base import build_draft_card, build_opportunity_card, parse_button_reply

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]


class App(_base.App):
    def _refuse_signature(self, raw: bytes, header: str | None) -> Response | None:
        try:
            # DEFECT: verifies the signature over json.dumps(json.loads(body)), not the raw body.
            signed = json.dumps(json.loads(raw)).encode()
        except ValueError:
            signed = raw
        return super()._refuse_signature(signed, header)


create_app, control = _base.interface(app_class=App)

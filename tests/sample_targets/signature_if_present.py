"""Seeded defect: the signature is verified only when the header is there (SIG-002, NEG-003).

A request without X-Hub-Signature-256 (or with an empty one) is taken unverified.
"""

from __future__ import annotations

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
        # DEFECT: nothing to verify is taken as nothing wrong.
        if not header:
            return None
        return super()._refuse_signature(raw, header)


create_app, control = _base.interface(app_class=App)

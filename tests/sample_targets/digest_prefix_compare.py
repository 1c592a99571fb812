"""Seeded defect: the signature's digest is compared as a prefix of the right one.

`expected.startswith(given)` takes "sha256=" alone, which anyone can send (NEG-003,
NEG-005), and a truncated digest (NEG-004).
"""

from __future__ import annotations

from werkzeug.wrappers import Response

from harness.reference.signatures import expected_signature

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
        expected = expected_signature(raw, self.settings.app_secret)
        # DEFECT: a prefix test, not a constant-time equality of the whole digest.
        if header and expected.startswith(header.strip()):
            return None
        return super()._refuse_signature(raw, header)


create_app, control = _base.interface(app_class=App)

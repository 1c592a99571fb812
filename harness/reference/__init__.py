"""The bundled reference implementation of the WhatsApp operator flow (target interface v1).

It is the system under test that ``wa-harness`` grades by default, written as an ordinary,
independent bot: nothing here imports the harness.

``control()`` is module-level, as the target interface asks, so it acts on the app most
recently created by ``create_app()``; calling it before any app exists raises RuntimeError.
An unknown or malformed command answers ``{"error": ...}`` (status 400 over HTTP).

Design choices:

- Reply ids are ``opp:{id}:{action}`` and ``msg:{draft_id}:{action}``. An id too long for
  Meta's 256-character cap travels as ``h-`` plus 32 hex digits of its SHA-256; parsing
  maps it back to the original id (see ``reply_ids``).
- A draft's id is ``d-{opportunity_id}``: one draft per opportunity, stable across taps.
- Alerts are ``{"code": int | None, "message": str, "wa_id": str | None, "kind": str, ...}``
  with ``kind`` one of ``send_blocked``, ``send_failed``, ``delivery_failed``, ``refused``
  and ``webhook_error``, plus context such as ``opportunity_id`` or ``draft_id``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .app import ReferenceApp
from .cards import build_draft_card, build_opportunity_card
from .config import Settings
from .replies import parse_button_reply

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]

# The one piece of module state: which app the module-level control() talks to.
_current_app: ReferenceApp | None = None


def create_app(config: Mapping[str, Any]) -> ReferenceApp:
    """A new WSGI app from the target-interface keys; it becomes the one control() drives."""
    global _current_app
    app = ReferenceApp(Settings.from_mapping(config))
    _current_app = app
    return app


def control(command: dict[str, Any]) -> dict[str, Any]:
    """Run a control command on the most recently created app."""
    if _current_app is None:
        raise RuntimeError("harness.reference.control(): call create_app(config) first")
    return _current_app.control(command)

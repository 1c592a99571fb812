"""Clean, but without the optional ``drafts`` control command, as many bots are written.

The meeting-draft checks (FLW-008, FLW-009) can then judge only what was sent: they pass
in part, and every report says so.
"""

from __future__ import annotations

from typing import Any

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
    def command(self, command: Any) -> dict[str, Any]:
        if isinstance(command, dict) and command.get("command") == "drafts":
            return {"error": "unknown command 'drafts'"}
        return super().command(command)


create_app, control = _base.interface(app_class=App)

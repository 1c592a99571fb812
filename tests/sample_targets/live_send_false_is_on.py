"""Seeded defect: WHATSAPP_ALLOW_LIVE_SEND=false switches live sending ON.

It reads the flag as `bool(value)`: any non-empty string, "false" included, means on.
Unset still means off, so only a run that hands over "false" sees it (FLW-022).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from harness.reference.config import ALLOW_LIVE_SEND_KEY, Settings

from . import _base
from ._base import build_draft_card, build_opportunity_card, parse_button_reply

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]


def read_settings(config: Mapping[str, Any]) -> Settings:
    settings = Settings.from_mapping(config)
    # DEFECT: bool("false") is True; only an explicit "true" may switch live sending on.
    return replace(settings, allow_live_send=bool(config.get(ALLOW_LIVE_SEND_KEY)))


create_app, control = _base.interface(settings=read_settings)

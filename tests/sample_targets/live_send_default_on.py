"""Seeded defect: live sending is on when WHATSAPP_ALLOW_LIVE_SEND is unset (FLW-010)."""

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
    if config.get(ALLOW_LIVE_SEND_KEY) is None:
        # DEFECT: unset means "on"; the contract says unset means false.
        settings = replace(settings, allow_live_send=True)
    return settings


create_app, control = _base.interface(settings=read_settings)

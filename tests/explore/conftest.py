"""Exploration against in-process targets: one settings object per target, fresh secrets."""

from __future__ import annotations

import logging

import pytest

from harness.settings import HarnessSettings, build_settings


@pytest.fixture(autouse=True)
def _quiet_targets() -> None:
    # The reference logs each alert; what it did is judged from its sends, not its log.
    logging.getLogger("harness").setLevel(logging.ERROR)
    logging.getLogger("tests").setLevel(logging.ERROR)


def settings_for(target: str, seed: int = 0) -> HarnessSettings:
    return build_settings(target=f"python:{target}", env={}, seed=seed)

"""Exploration against in-process targets: one settings object per target, fresh secrets."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from harness.settings import HarnessSettings, build_settings


@pytest.fixture(autouse=True)
def _quiet_targets() -> Iterator[None]:
    # The reference logs each alert; what it did is judged from its sends, not its log.
    # The levels are put back: later tests in the same worker read these loggers' records.
    loggers = [logging.getLogger(name) for name in ("harness", "tests")]
    before = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    yield
    for logger, level in zip(loggers, before, strict=True):
        logger.setLevel(level)


def settings_for(target: str, seed: int = 0) -> HarnessSettings:
    return build_settings(target=f"python:{target}", env={}, seed=seed)

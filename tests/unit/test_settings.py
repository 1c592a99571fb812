"""build_settings: options checked by name, with the valid ones named."""

from __future__ import annotations

import pytest

from harness.errors import UsageError
from harness.settings import build_settings


def test_a_mistyped_setting_is_a_usage_error_naming_the_valid_ones() -> None:
    with pytest.raises(UsageError, match="unknown setting") as raised:
        build_settings(timout_s=3)
    assert "timout_s" in str(raised.value)
    assert "timeout_s" in str(raised.value)


def test_known_settings_are_taken() -> None:
    assert build_settings(timeout_s=3.0, seed=7).timeout_s == 3.0

"""pytest-bdd step library, loaded as pytest plugins by ``harness.pytest_plugin``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from harness.errors import UsageError

STEP_MODULES = (
    "harness.checks.steps.world",
    "harness.checks.steps.cards",
    "harness.checks.steps.deliveries",
    "harness.checks.steps.outcomes",
    "harness.checks.steps.invariants",
    "harness.checks.steps.identity",
    "harness.checks.steps.sandbox_steps",
    "harness.checks.steps.negative",
    "harness.checks.steps.explored",
)

K = TypeVar("K")
V = TypeVar("V")


def one_of(table: Mapping[K, V], key: K, step: str) -> V:
    """What ``key`` means in ``step``; a value the step does not know names those it does.

    A step's pattern accepts any text in its place, so a feature file can give one the
    harness has no meaning for.
    """
    if key not in table:
        known = ", ".join(repr(k) for k in table)
        raise UsageError(f"{step}: {key!r} is not one the harness knows; use one of {known}")
    return table[key]

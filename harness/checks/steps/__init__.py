"""pytest-bdd step library, loaded as pytest plugins by ``harness.pytest_plugin``."""

from __future__ import annotations

STEP_MODULES = (
    "harness.checks.steps.world",
    "harness.checks.steps.cards",
    "harness.checks.steps.deliveries",
    "harness.checks.steps.outcomes",
    "harness.checks.steps.invariants",
    "harness.checks.steps.identity",
)

"""Every check the features define, read without running anything."""

from __future__ import annotations

from pytest_bdd.feature import get_features

from harness.checks.locations import features_dir
from harness.checks.registry import spec_from_tags
from harness.results import CheckSpec


def load_specs() -> list[CheckSpec]:
    """Check specs in feature-file order; a scenario without an id is not a check."""
    specs: list[CheckSpec] = []
    for feature in sorted(get_features([str(features_dir())]), key=lambda f: f.filename):
        for name, scenario in feature.scenarios.items():
            spec = spec_from_tags(name, scenario.tags | feature.tags)
            if spec is not None:
                specs.append(spec)
    return specs

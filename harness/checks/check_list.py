"""Every check the features define, read without running anything."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pytest_bdd.feature import get_features

from harness.checks.locations import features_dir
from harness.checks.registry import spec_from_tags
from harness.reports.cucumber import GherkinScenario, GherkinStep
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


def load_gherkin(extra_dirs: Sequence[str] = ()) -> dict[str, GherkinScenario]:
    """Check id -> where its scenario is written, for reports that point back at Gherkin."""
    found: dict[str, GherkinScenario] = {}
    folders = [(features_dir(), True), *((Path(d), False) for d in extra_dirs)]
    for folder, built_in in folders:
        for feature in get_features([str(folder.resolve())]):
            for name, scenario in feature.scenarios.items():
                spec = spec_from_tags(name, scenario.tags | feature.tags)
                if spec is None:
                    continue
                uri = (
                    f"features/{Path(feature.filename).name}"
                    if built_in
                    else os.path.relpath(feature.filename)
                )
                steps = tuple(GherkinStep(s.keyword, s.name, s.line_number) for s in scenario.steps)
                found[spec.id] = GherkinScenario(
                    uri=uri,
                    feature=feature.name,
                    feature_line=feature.line_number,
                    name=name,
                    line=scenario.line_number,
                    steps=steps,
                    tags=tuple(sorted(scenario.tags | feature.tags)),
                )
    return found

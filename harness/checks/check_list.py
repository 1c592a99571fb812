"""Which checks exist and where they are written: specs from tags, features, the checklist.

A check is a scenario tagged ``@BTN-001 @MUST @line:T1`` (under ``@profile:cards``); the
features and checklist live inside an installed package, or beside it in a checkout.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from pytest_bdd.feature import get_features

from harness.errors import UsageError
from harness.package import data_dir
from harness.reports.cucumber import GherkinScenario, GherkinStep
from harness.results import ChecklistLine, CheckSpec, Level
from harness.settings import PROFILES

CHECK_ID = re.compile(r"^[A-Z]{3}-\d{3}$")
# A tag meant as a check id that may not fit the pattern, e.g. @QA-1 or @qas-001.
LOOKS_LIKE_ID = re.compile(r"^[A-Za-z]+-\d+$")
LEVELS = {level.value for level in Level}


def is_harness_tag(tag: str) -> bool:
    return bool(CHECK_ID.match(tag)) or tag in LEVELS or tag.startswith(("line:", "profile:"))


def spec_from_tags(title: str, tags: Iterable[str], *, where: str = "") -> CheckSpec | None:
    """The spec a scenario's tags give, or None when they name no check.

    One grammar for QA's feature files and the built-in ones: tags that break it are a
    UsageError naming ``where`` and the fix.
    """
    tags = set(tags)
    at = f"{where}: " if where else ""
    ids = sorted(t for t in tags if CHECK_ID.match(t))
    if not ids:
        misfits = sorted(t for t in tags if LOOKS_LIKE_ID.match(t))
        if misfits:
            raise UsageError(
                f"{at}tag @{misfits[0]} is not a check id; use three capital letters, a dash "
                "and three digits, e.g. @QAS-001"
            )
        return None
    if len(ids) > 1:
        raise UsageError(f"{at}scenario {title!r} has several check ids: {ids}")
    profiles = [t.split(":", 1)[1] for t in tags if t.startswith("profile:")]
    if not profiles:
        raise UsageError(
            f"{at}scenario {title!r} (@{ids[0]}) has no profile tag; add one of "
            + ", ".join(f"@profile:{p}" for p in PROFILES)
        )
    if len(profiles) > 1 or profiles[0] not in PROFILES:
        raise UsageError(f"{at}@profile:{profiles[0]} must be exactly one of {', '.join(PROFILES)}")
    levels = [t for t in tags if t in LEVELS]
    if len(levels) > 1:
        raise UsageError(f"{at}scenario {title!r} has more than one level tag")
    return CheckSpec(
        id=ids[0],
        title=title,
        level=Level(levels[0]) if levels else Level.MUST,
        profile=profiles[0],
        lines=tuple(sorted(t.split(":", 1)[1] for t in tags if t.startswith("line:"))),
    )


def suite_module() -> Path:
    """The test module that collects the features; pytest imports it, nothing else should."""
    return Path(__file__).resolve().parent / "suite.py"


def features_dir() -> Path:
    return data_dir("features")


def load_checklist() -> list[ChecklistLine]:
    """The design's checklist lines that check tags (``@line:T1``) refer to."""
    data = json.loads((features_dir() / "checklist.json").read_text(encoding="utf-8"))
    return [ChecklistLine(**line) for line in data["lines"]]


def load_specs() -> list[CheckSpec]:
    """Check specs in feature-file order; a scenario without an id is not a check."""
    specs: list[CheckSpec] = []
    for feature in sorted(get_features([str(features_dir())]), key=lambda f: f.filename):
        for name, scenario in feature.scenarios.items():
            spec = spec_from_tags(name, scenario.tags | feature.tags)
            if spec is not None:
                specs.append(spec)
    return specs


def example_counts() -> dict[str, int]:
    """Built-in check id -> how many examples it runs (1 for a scenario without any)."""
    counts: dict[str, int] = {}
    for feature in get_features([str(features_dir())]):
        for name, scenario in feature.scenarios.items():
            spec = spec_from_tags(name, scenario.tags | feature.tags)
            if spec is not None:
                rows = sum(len(table.examples) for table in scenario.examples)
                counts[spec.id] = max(1, rows)
    return counts


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

"""Feature files QA writes with the harness's steps, checked loudly before anything runs.

The tag convention: each scenario (or its feature) carries a check id of three capital
letters, a dash and three digits (``@QAS-001``), a level (``@MUST``, ``@SHOULD`` or ``@INFO``,
default MUST), a profile (``@profile:flow``) and optionally checklist lines (``@line:S6``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from pytest_bdd.exceptions import GherkinParseError
from pytest_bdd.feature import get_features
from pytest_bdd.parser import Feature

from harness.checks.check_list import CHECK_ID, LEVELS, spec_from_tags
from harness.checks.vocabulary import is_known, nearest
from harness.errors import UsageError
from harness.results import CheckSpec
from harness.settings import PROFILES

# A tag that is meant as a check id but may not fit the pattern, e.g. @QA-1 or @qas-001.
_LOOKS_LIKE_ID = re.compile(r"^[A-Za-z]+-\d+$")


def user_features(dirs: Iterable[str]) -> list[Feature]:
    """The feature files under each folder, parsed; a folder without any is an error."""
    features: list[Feature] = []
    for folder in dirs:
        path = Path(folder)
        if not path.is_dir():
            raise UsageError(f"--features {folder}: not a folder; pass a folder of .feature files")
        try:
            found = get_features([str(path.resolve())])
        except GherkinParseError as exc:
            raise UsageError(f"--features {folder}: {' '.join(str(exc).split())}") from None
        if not found:
            raise UsageError(f"--features {folder}: no .feature files in it")
        if not any(feature.scenarios for feature in found):
            # pytest-bdd would stop the run with NoScenariosFound; say it here, in one line.
            raise UsageError(
                f"--features {folder}: its .feature files hold no scenarios; add a Scenario "
                "tagged with a check id and a profile (see wa-harness steps)"
            )
        features += sorted(found, key=lambda f: f.filename)
    return features


def user_specs(dirs: Sequence[str], built_in: Sequence[CheckSpec]) -> list[CheckSpec]:
    """Specs of the QA scenarios; the first problem found is a UsageError naming its place."""
    taken = {spec.id: "the built-in checks" for spec in built_in}
    specs = []
    for feature in user_features(dirs):
        for name, scenario in feature.scenarios.items():
            where = f"{feature.rel_filename}:{scenario.line_number}"
            tags = scenario.tags | feature.tags
            _check_tags(where, name, tags)
            spec = spec_from_tags(name, tags)
            if spec is None:  # _check_tags makes sure there is an id; kept for the type
                continue
            if spec.id in taken:
                raise UsageError(f"{where}: @{spec.id} is already used by {taken[spec.id]}")
            taken[spec.id] = where
            for step in scenario.steps:
                where_step = f"{feature.rel_filename}:{step.line_number}"
                _check_step(where_step, step.type, step.keyword, step.name)
            specs.append(spec)
    return specs


def _check_tags(where: str, name: str, tags: set[str]) -> None:
    ids = [t for t in tags if CHECK_ID.match(t)]
    misfits = [t for t in tags if _LOOKS_LIKE_ID.match(t) and not CHECK_ID.match(t)]
    if misfits and not ids:
        raise UsageError(
            f"{where}: tag @{misfits[0]} is not a check id; use three capital letters, a dash "
            "and three digits, e.g. @QAS-001"
        )
    if not ids:
        raise UsageError(f"{where}: scenario {name!r} has no check id tag such as @QAS-001")
    if len(ids) > 1:
        raise UsageError(f"{where}: scenario {name!r} has several check ids: {sorted(ids)}")
    profiles = [t.split(":", 1)[1] for t in tags if t.startswith("profile:")]
    if not profiles:
        raise UsageError(
            f"{where}: scenario {name!r} has no profile tag; add one of "
            + ", ".join(f"@profile:{p}" for p in PROFILES)
        )
    if any(p not in PROFILES for p in profiles) or len(profiles) > 1:
        raise UsageError(
            f"{where}: @profile:{profiles[0]} must be exactly one of {', '.join(PROFILES)}"
        )
    if len([t for t in tags if t in LEVELS]) > 1:
        raise UsageError(f"{where}: scenario {name!r} has more than one level tag")


def _check_step(where: str, kind: str, keyword: str, text: str) -> None:
    if is_known(kind, text):
        return
    close = nearest(kind, text)
    hint = f"; nearest known: {' | '.join(close)}" if close else ""
    raise UsageError(
        f"{where}: unknown step '{keyword} {text}'{hint} (wa-harness steps lists them all)"
    )


def write_user_suite(dirs: Sequence[str], folder: Path) -> Path:
    """A pytest module in ``folder`` that collects the QA feature folders, like suite.py."""
    # Named after its fresh folder: pytest will not collect a module whose name a run
    # before it in this process already imported from elsewhere.
    unique = re.sub(r"\W", "_", folder.name)
    module = folder / f"wa_harness_user_features_{unique}.py"
    paths = [str(Path(d).resolve()) for d in dirs]
    module.write_text(
        f"from pytest_bdd import scenarios\n\nscenarios(*{paths!r})\n", encoding="utf-8"
    )
    return module

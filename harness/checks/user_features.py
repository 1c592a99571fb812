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

from harness.checks.check_list import spec_from_tags
from harness.checks.vocabulary import is_known, nearest
from harness.errors import UsageError
from harness.results import CheckSpec


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
            spec = spec_from_tags(name, scenario.tags | feature.tags, where=where)
            if spec is None:
                raise UsageError(f"{where}: scenario {name!r} has no check id tag such as @QAS-001")
            if spec.id in taken:
                raise UsageError(f"{where}: @{spec.id} is already used by {taken[spec.id]}")
            taken[spec.id] = where
            for step in scenario.steps:
                where_step = f"{feature.rel_filename}:{step.line_number}"
                _check_step(where_step, step.type, step.keyword, step.name)
            specs.append(spec)
    return specs


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

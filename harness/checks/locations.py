"""Where the checklists live: inside an installed package, or beside it in a checkout."""

from __future__ import annotations

import json
from pathlib import Path

from harness.results import ChecklistLine

_PACKAGE = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """``features`` or ``recorded_payloads``: the packaged copy, else the checkout's folder."""
    packaged = _PACKAGE / "_data" / name
    return packaged if packaged.is_dir() else _PACKAGE.parent / name


def suite_module() -> Path:
    """The test module that collects the features; pytest imports it, nothing else should."""
    return Path(__file__).resolve().parent / "suite.py"


def features_dir() -> Path:
    return data_dir("features")


def load_checklist() -> list[ChecklistLine]:
    """The design's checklist lines that check tags (``@line:T1``) refer to."""
    data = json.loads((features_dir() / "checklist.json").read_text(encoding="utf-8"))
    return [ChecklistLine(**line) for line in data["lines"]]

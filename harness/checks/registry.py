"""Check specs read from scenario tags: ``@BTN-001 @MUST @line:T1`` under ``@profile:cards``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from harness.results import CheckSpec, Level

CHECK_ID = re.compile(r"^[A-Z]{3}-\d{3}$")
LEVELS = {level.value for level in Level}


def is_harness_tag(tag: str) -> bool:
    return bool(CHECK_ID.match(tag)) or tag in LEVELS or tag.startswith(("line:", "profile:"))


def spec_from_tags(title: str, tags: Iterable[str]) -> CheckSpec | None:
    """The spec of a scenario, or None for a scenario that carries no check id."""
    tags = set(tags)
    ids = sorted(t for t in tags if CHECK_ID.match(t))
    if not ids:
        return None
    levels = [t for t in tags if t in LEVELS]
    profiles = [t.split(":", 1)[1] for t in tags if t.startswith("profile:")]
    return CheckSpec(
        id=ids[0],
        title=title,
        level=Level(levels[0]) if levels else Level.MUST,
        profile=profiles[0] if profiles else "other",
        lines=tuple(sorted(t.split(":", 1)[1] for t in tags if t.startswith("line:"))),
    )

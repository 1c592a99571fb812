"""Which checks a run takes: ids and globs to include or exclude, levels, last run's failures."""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.errors import UsageError
from harness.results import CheckSpec, Level

PROBLEM_OUTCOMES = ("failed", "error")


@dataclass(frozen=True, slots=True)
class Selection:
    """Checks to run, narrowed by patterns (``FLW-*``), levels and an exact id list."""

    checks: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    levels: tuple[Level, ...] = ()
    # Exact ids (from --last-failed); None means no such narrowing.
    only: tuple[str, ...] | None = None
    # (id, part, parts): of that check, only the part-th of ``parts`` contiguous slices
    # of its examples runs (a shard's share of a long outline).
    parts: tuple[tuple[str, int, int], ...] = ()

    def matches(self, spec: CheckSpec) -> bool:
        if self.checks and not any(_fits(spec.id, p) for p in self.checks):
            return False
        if any(_fits(spec.id, p) for p in self.exclude):
            return False
        if self.levels and spec.level not in self.levels:
            return False
        return self.only is None or spec.id in self.only

    def slice_of(self, check_id: str, examples: int) -> range:
        """Which of a check's ``examples`` (by their order) this selection runs."""
        for part_id, part, parts in self.parts:
            if part_id == check_id:
                return range(part * examples // parts, (part + 1) * examples // parts)
        return range(examples)

    def choose(self, specs: Sequence[CheckSpec], profiles: Iterable[str]) -> list[CheckSpec]:
        """The specs this selection runs, or a UsageError naming the pattern that fits none."""
        profiles = tuple(profiles)
        in_profiles = [s for s in specs if s.profile in profiles]
        for pattern in (*self.checks, *self.exclude):
            if not any(_fits(s.id, pattern) for s in specs):
                raise UsageError(
                    f"{pattern!r} matches no check id; 'wa-harness checks' lists them "
                    "(ids look like FLW-013; globs like 'FLW-*' work)"
                )
        chosen = [s for s in in_profiles if self.matches(s)]
        if not chosen:
            raise UsageError(
                f"the selection matches no check in profiles {', '.join(profiles)}; "
                "widen --check/--level/--profile or drop --exclude"
            )
        return chosen


def _fits(check_id: str, pattern: str) -> bool:
    return fnmatch.fnmatchcase(check_id, pattern.strip().upper())


def split_patterns(values: Iterable[str] | None) -> tuple[str, ...]:
    """``--check A,B --check C`` -> ("A", "B", "C")."""
    return tuple(p.strip() for v in values or () for p in v.split(",") if p.strip())


def parse_levels(values: Iterable[str] | None) -> tuple[Level, ...]:
    names = split_patterns(values)
    known = {level.value: level for level in Level}
    unknown = [n for n in names if n.upper() not in known]
    if unknown:
        raise UsageError(f"unknown level {', '.join(unknown)}; choose from MUST, SHOULD, INFO")
    return tuple(known[n.upper()] for n in names)


def failed_ids(report_path: str | Path) -> tuple[str, ...]:
    """Ids of the checks that failed or errored in a JSON report written by ``--json``."""
    path = Path(report_path)
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        checks = data["checks"]
        return tuple(
            str(c["id"])
            for c in checks
            if isinstance(c, dict) and c.get("outcome") in PROBLEM_OUTCOMES
        )
    except OSError as exc:
        raise UsageError(f"--last-failed: cannot read {path}: {exc.strerror}") from None
    except (ValueError, KeyError, TypeError):
        raise UsageError(
            f"--last-failed: {path} is not a wa-harness JSON report (write one with --json)"
        ) from None

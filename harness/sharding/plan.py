"""Which checks each shard runs: spread by expected duration, invariants in every shard."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources

from harness.results import CheckSpec

# Seconds a check of each profile takes against a target that acts after it answers, for
# checks ``durations.json`` does not list (a QA team's own features).
EXPECTED_S = {"flow": 1.0, "replay": 1.0, "webhook": 0.5, "cards": 0.2}
OTHER_S = 1.0
# Invariants judge every send of their shard, so each shard runs them on its own sends.
EVERY_SHARD = "invariants"


@cache
def measured_seconds() -> Mapping[str, float]:
    """Each built-in check's seconds against the async reference without settle (one shard);
    ``benchmarks/shard_durations.py`` measures them again."""
    text = resources.files(__package__).joinpath("durations.json").read_text("utf-8")
    seconds: dict[str, float] = json.loads(text)
    return seconds


def expected_s(spec: CheckSpec) -> float:
    return measured_seconds().get(spec.id, EXPECTED_S.get(spec.profile, OTHER_S))


def plan_shards(specs: Sequence[CheckSpec], count: int) -> list[tuple[str, ...]]:
    """At most ``count`` groups of check ids, balanced by expected duration; none empty.

    The longest checks go first, each to the shard with the least expected time so far
    (longest processing time first, within 4/3 of the best balance).
    """
    spread = sorted(
        (s for s in specs if s.profile != EVERY_SHARD), key=lambda s: (-expected_s(s), s.id)
    )
    count = max(1, min(count, len(spread)))
    shards: list[list[str]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for spec in spread:
        emptiest = loads.index(min(loads))
        shards[emptiest].append(spec.id)
        loads[emptiest] += expected_s(spec)
    everywhere = [s.id for s in specs if s.profile == EVERY_SHARD]
    return [tuple(sorted(ids)) + tuple(everywhere) for ids in shards if ids or everywhere]

"""Which checks each shard runs: spread by expected duration, long outlines split in two,
invariants in every shard."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from harness.results import CheckSpec

# Seconds a check of each profile takes against a target that acts after it answers, for
# checks ``durations.json`` does not list (a QA team's own features).
EXPECTED_S = {"flow": 1.0, "replay": 1.0, "webhook": 0.5, "cards": 0.2}
OTHER_S = 1.0
# Invariants judge every send of their shard, so each shard runs them on its own sends.
EVERY_SHARD = "invariants"
# An outline expected to take more than this share of a shard's time is split in two.
SPLIT_SHARE = 0.5


@cache
def measured_seconds() -> Mapping[str, float]:
    """Each built-in check's seconds against the async reference without settle (one shard);
    ``benchmarks/shard_durations.py`` measures them again."""
    text = resources.files(__package__).joinpath("durations.json").read_text("utf-8")
    seconds: dict[str, float] = json.loads(text)
    return seconds


def expected_s(spec: CheckSpec, durations: Mapping[str, float] | None = None) -> float:
    """``spec``'s seconds in ``durations`` (the measured ones by default), else its profile's."""
    known = measured_seconds() if durations is None else durations
    return known.get(spec.id, EXPECTED_S.get(spec.profile, OTHER_S))


@dataclass(frozen=True, slots=True)
class ShardPlan:
    """The checks one shard runs, and of which of them only a part of the examples."""

    ids: tuple[str, ...]
    # (id, part, parts), as ``Selection.parts`` takes them.
    parts: tuple[tuple[str, int, int], ...] = ()


def plan_shards(
    specs: Sequence[CheckSpec],
    count: int,
    examples: Mapping[str, int] | None = None,
    *,
    durations: Mapping[str, float] | None = None,
) -> list[ShardPlan]:
    """At most ``count`` shards' checks, balanced by expected duration; none empty.

    The longest go first, each to the shard with the least expected time so far (longest
    processing time first, within 4/3 of the best balance). An outline expected to take
    more than ``SPLIT_SHARE`` of a shard's time is two halves (``examples`` says how many
    it has), each in a shard of its own, the first half in the earlier shard: merged in
    shard order, its parts read as one run's.
    """
    examples = examples or {}
    spread = [s for s in specs if s.profile != EVERY_SHARD]
    share = sum(expected_s(s, durations) for s in spread) / max(1, count)
    units: list[tuple[float, str, bool]] = []
    for spec in spread:
        seconds = expected_s(spec, durations)
        halves = count > 1 and seconds > SPLIT_SHARE * share and examples.get(spec.id, 1) > 1
        units += [(seconds / 2, spec.id, True)] * 2 if halves else [(seconds, spec.id, False)]
    units.sort(key=lambda unit: (-unit[0], unit[1]))
    count = max(1, min(count, len(units)))
    shards: list[list[str]] = [[] for _ in range(count)]
    halves_in: dict[str, list[int]] = {}
    loads = [0.0] * count
    for seconds, check_id, half in units:
        emptiest = loads.index(min(loads))
        loads[emptiest] += seconds
        if half:
            halves_in.setdefault(check_id, []).append(emptiest)
        if check_id not in shards[emptiest]:
            shards[emptiest].append(check_id)
    everywhere = tuple(s.id for s in specs if s.profile == EVERY_SHARD)
    plans = []
    for index, ids in enumerate(shards):
        # Both halves in one shard (few shards) are the whole check there.
        parts = tuple(
            (check_id, sorted(where).index(index), 2)
            for check_id, where in halves_in.items()
            if index in where and len(set(where)) == 2
        )
        plans.append(ShardPlan(tuple(sorted(ids)) + everywhere, parts))
    return plans

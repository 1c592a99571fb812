"""Which checks each shard runs: spread by expected duration, invariants in every shard."""

from __future__ import annotations

from collections.abc import Sequence

from harness.results import CheckSpec

# Rough seconds a check of each profile takes against a target that acts after it
# answers (most of it waiting for effects): the longest go first, to the emptiest shard.
EXPECTED_S = {"flow": 3.0, "replay": 2.0, "webhook": 0.5, "cards": 0.2}
OTHER_S = 2.0
# Invariants judge every send of their shard, so each shard runs them on its own sends.
EVERY_SHARD = "invariants"


def plan_shards(specs: Sequence[CheckSpec], count: int) -> list[tuple[str, ...]]:
    """At most ``count`` groups of check ids, balanced by expected duration; none empty."""
    spread = sorted(
        (s for s in specs if s.profile != EVERY_SHARD),
        key=lambda s: (-EXPECTED_S.get(s.profile, OTHER_S), s.id),
    )
    count = max(1, min(count, len(spread)))
    shards: list[list[str]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for spec in spread:
        emptiest = loads.index(min(loads))
        shards[emptiest].append(spec.id)
        loads[emptiest] += EXPECTED_S.get(spec.profile, OTHER_S)
    everywhere = [s.id for s in specs if s.profile == EVERY_SHARD]
    return [tuple(sorted(ids)) + tuple(everywhere) for ids in shards if ids or everywhere]

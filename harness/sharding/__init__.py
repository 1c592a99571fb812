"""Shards of one graded run over several instances of the target, merged into one report."""

from __future__ import annotations

from harness.sharding.run import parallel_count, report_sharded, run_sharded, shardable

__all__ = ["parallel_count", "report_sharded", "run_sharded", "shardable"]

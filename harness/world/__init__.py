"""The world a target is graded or played in: built once, used by every front end."""

from __future__ import annotations

from harness.world.world import IN_PROCESS_GRAPH_BASE, UNREACHABLE_LIMIT, RecordedSend, World

__all__ = ["IN_PROCESS_GRAPH_BASE", "UNREACHABLE_LIMIT", "RecordedSend", "World"]

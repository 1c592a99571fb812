"""The world a target is graded or played in: built once, used by every front end."""

from __future__ import annotations

from harness.world.world import UNREACHABLE_LIMIT, RecordedSend, World

__all__ = ["UNREACHABLE_LIMIT", "RecordedSend", "World"]

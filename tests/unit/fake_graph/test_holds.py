"""A delayed answer ends when its delay is over, or sooner when the hold is released."""

from __future__ import annotations

import threading
import time

from harness.fake_graph.holds import Holds


def _paused_for(holds: Holds, seconds: float, release_after: float | None = None) -> float:
    started = time.monotonic()
    if release_after is not None:
        threading.Timer(release_after, holds.release).start()
    holds.pause(seconds)
    return time.monotonic() - started


def test_a_pause_lasts_its_delay_when_nothing_releases_it() -> None:
    assert _paused_for(Holds(), 0.2) >= 0.2


def test_release_ends_a_running_pause() -> None:
    assert _paused_for(Holds(), 5.0, release_after=0.05) < 2.0


def test_a_release_does_not_shorten_later_pauses() -> None:
    holds = Holds()
    holds.release()

    assert _paused_for(holds, 0.2) >= 0.2

"""SIGINT and SIGTERM handed to a handler of the caller's while a block runs."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
Handler = Callable[[int, FrameType | None], None]


@contextmanager
def stop_signals_to(handler: Handler) -> Iterator[dict[int, Any]]:
    """Run the block with ``handler`` for SIGINT and SIGTERM, then restore what was there.

    Yields the handlers it replaced, by signal number; none where signals cannot be set
    (not the main thread: an embedding program's), and then they stay as they are.
    """
    try:
        previous: dict[int, Any] = {
            number: signal.signal(number, handler) for number in STOP_SIGNALS
        }
    except ValueError:
        yield {}
        return
    try:
        yield previous
    finally:
        for number, replaced in previous.items():
            signal.signal(number, replaced)

"""The reference, answering first and acting 100-300 ms later, as Meta advises.

A webhook is verified and parsed, answered 200 at once, and handled by one worker
thread 100-300 ms after it arrived (in arrival order); ``present_opportunity`` is
queued the same way. With
``offers_settle``, the ``settle`` control command answers once the queue is empty.
"""

from __future__ import annotations

import queue
import random
import threading
import time
from collections.abc import Callable
from typing import Any

from . import _base

DELAY_S = (0.1, 0.3)


class DeferredApp(_base.App):
    """Acts on webhooks and on ``present_opportunity`` after it has answered."""

    offers_settle = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._work: queue.Queue[tuple[float, Callable[[], None]]] = queue.Queue()
        self._random = random.Random(7)
        threading.Thread(target=self._run, name="deferred-worker", daemon=True).start()

    def _run(self) -> None:
        while True:
            due, job = self._work.get()
            try:
                time.sleep(max(0.0, due - time.monotonic()))
                job()
            except Exception:  # noqa: BLE001 - a failed job must not stop the worker
                pass
            finally:
                self._work.task_done()

    def later(self, job: Callable[[], None]) -> None:
        self._work.put((time.monotonic() + self._random.uniform(*DELAY_S), job))

    def handle(self, payload: Any) -> None:
        self.later(lambda: super(DeferredApp, self).handle(payload))

    def command(self, command: Any) -> dict[str, Any]:
        name = command.get("command") if isinstance(command, dict) else None
        if name == "settle" and self.offers_settle:
            self._work.join()
            return {"status": "idle"}
        if name == "present_opportunity":
            self.later(lambda: super(DeferredApp, self).command(command))
            return {"status": "queued"}
        return super().command(command)

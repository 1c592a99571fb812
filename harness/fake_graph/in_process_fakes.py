"""``InProcessFakes``: both in-process front ends of one fake, switched on and off together.

It may be started again while active (a check inside a run's setup), so a run can keep
the fakes on only while its checks run and leave the rest of the process untouched.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Self

from harness.fake_graph.core import FakeGraph
from harness.fake_graph.in_process import InProcessGraph
from harness.fake_graph.in_process_httpx import HttpxGraph
from harness.fake_graph.isolation import DEFAULT_BASES
from harness.fake_graph.lifecycle import Lifecycle


class InProcessFakes(Lifecycle):
    """The ``requests`` and ``httpx`` front ends of one fake, on and off together.

    ``start()`` may be called again while active; only the matching last ``stop()`` turns
    them off, so a run can switch them on around each check and around its own setup.
    """

    def __init__(
        self,
        fake: FakeGraph,
        base_urls: Sequence[str] = DEFAULT_BASES,
        *,
        allow_hosts: Sequence[str] = (),
    ) -> None:
        self.fake = fake
        self.requests: InProcessGraph = InProcessGraph(fake, base_urls, allow_hosts=allow_hosts)
        self.httpx: HttpxGraph = HttpxGraph(fake, base_urls, allow_hosts=allow_hosts)
        self._depth = 0
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return self.requests.url

    def take_refused(self) -> list[str]:
        """The calls refused since the last call (both clients), and forget them."""
        taken: list[str] = []
        for front in (self.requests, self.httpx):
            count = len(front.refused)
            taken += front.refused[:count]
            del front.refused[:count]
        return taken

    @property
    def active(self) -> bool:
        return self._depth > 0

    def start(self) -> Self:
        with self._lock:
            if self._depth == 0:
                self.requests.start()
                self.httpx.start()
            self._depth += 1
        return self

    def stop(self) -> None:
        with self._lock:
            if self._depth == 0:
                return
            self._depth -= 1
            if self._depth == 0:
                self.httpx.stop()
                self.requests.stop()

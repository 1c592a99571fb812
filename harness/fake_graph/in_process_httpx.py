"""``HttpxGraph``: the fake answers every ``httpx`` call to Graph, with no socket (respx)."""

from __future__ import annotations

import time
from collections.abc import Sequence

import httpx
import respx

from harness.errors import UsageError
from harness.fake_graph.core import FakeGraph
from harness.fake_graph.in_process import graph_path
from harness.fake_graph.isolation import DEFAULT_BASES, Isolation
from harness.fake_graph.lifecycle import Lifecycle

_JSON = {"Content-Type": "application/json; charset=UTF-8"}


class HttpxGraph(Lifecycle):
    """Routes ``httpx`` calls (sync and async) under ``base_urls`` to ``fake``.

    The same core and the same ``Isolation`` as ``InProcessGraph``, for implementations
    built on httpx (pywa and others), which ``responses`` cannot see.
    """

    def __init__(
        self,
        fake: FakeGraph,
        base_urls: Sequence[str] = DEFAULT_BASES,
        *,
        allow_hosts: Sequence[str] = (),
        passthru_prefixes: Sequence[str] = (),
    ) -> None:
        if not base_urls:
            raise UsageError("HttpxGraph needs at least one base URL to answer for")
        self.fake = fake
        self.isolation = Isolation.of(base_urls, allow_hosts, passthru_prefixes)
        self._bases = self.isolation.bases
        # What was refused, for the run to show beside the check (appends are atomic).
        self.refused: list[str] = []
        self._mock = respx.mock(assert_all_called=False, assert_all_mocked=True)
        for pattern in self.isolation.fake_patterns():
            self._mock.route(url__regex=pattern).mock(side_effect=self._answer)
        for pattern in self.isolation.allowed_patterns():
            self._mock.route(url__regex=pattern).pass_through()
        self._mock.route().mock(side_effect=self._refuse)

    @property
    def url(self) -> str:
        return self._bases[0]

    def start(self) -> HttpxGraph:
        self._mock.start()
        return self

    def stop(self) -> None:
        self._mock.stop()

    def _refuse(self, request: httpx.Request) -> httpx.Response:
        message = self.isolation.refusal(request.method, str(request.url))
        self.refused.append(message)
        raise httpx.ConnectError(message, request=request)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        path = graph_path(str(request.url), request.url.raw_path.decode("ascii"), self._bases)
        reply = self.fake.handle(request.method, path, dict(request.headers), request.read())
        if reply.hang_s is not None:
            raise httpx.ReadTimeout("the fake Graph API did not answer (no_answer fault)")
        if reply.delay_s:
            # respx runs side effects synchronously, for async clients too.
            time.sleep(reply.delay_s)
        return httpx.Response(reply.status, headers=_JSON, content=reply.json_bytes())

"""The in-process front end for ``httpx`` calls (sync and async), through respx.

``InProcessFakes`` loads it once the code under test has imported httpx: a run of a
target built on ``requests`` never imports httpx and respx.
"""

from __future__ import annotations

import httpx
import respx

from harness.fake_graph.isolation import JSON_HEADERS, NO_ANSWER, FrontEnd


class HttpxGraph(FrontEnd):
    """Routes ``httpx`` calls (sync and async) under ``base_urls`` to ``fake``.

    The same core and the same ``Isolation`` as ``InProcessGraph``, for implementations
    built on httpx (pywa and others), which ``responses`` cannot see.
    """

    def _patch(self) -> respx.MockRouter:
        mock = respx.mock(assert_all_called=False, assert_all_mocked=True)
        for pattern in self.isolation.fake_patterns():
            mock.route(url__regex=pattern).mock(side_effect=self._answer)
        for pattern in self.isolation.allowed_patterns():
            mock.route(url__regex=pattern).pass_through()
        mock.route().mock(side_effect=self._refuse)
        return mock

    def _refuse(self, request: httpx.Request) -> httpx.Response:
        message = self._refusal(request.method, str(request.url))
        raise httpx.ConnectError(message, request=request)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        path = self.isolation.graph_path(str(request.url), request.url.raw_path.decode("ascii"))
        reply = self.fake.handle(request.method, path, dict(request.headers), request.read())
        if reply.hang_s is not None:
            raise httpx.ReadTimeout(NO_ANSWER)
        # respx runs side effects synchronously, for async clients too.
        self.fake.holds.pause(reply.delay_s)
        return httpx.Response(reply.status, headers=JSON_HEADERS, content=reply.json_bytes())

"""``InProcessGraph``: the fake answers every ``requests`` call to Graph, with no socket."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import responses
from requests import PreparedRequest
from requests.exceptions import ConnectionError as RequestsConnectionError
from requests.exceptions import ReadTimeout

from harness.errors import UsageError
from harness.fake_graph.core import FakeGraph
from harness.fake_graph.isolation import DEFAULT_BASES, Isolation
from harness.fake_graph.lifecycle import Lifecycle

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_JSON = {"Content-Type": "application/json; charset=UTF-8"}


class InProcessGraph(Lifecycle):
    """Routes ``requests`` calls under ``base_urls`` to ``fake``; other hosts are refused.

    Hosts in ``allow_hosts`` and prefixes in ``passthru_prefixes`` (e.g. a loopback
    target) go out for real; see ``Isolation``.
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
            raise UsageError("InProcessGraph needs at least one base URL to answer for")
        self.fake = fake
        self.isolation = Isolation.of(base_urls, allow_hosts, passthru_prefixes)
        self._bases = self.isolation.bases
        # What was refused, for the run to show beside the check (appends are atomic).
        self.refused: list[str] = []
        self._mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        for allowed in self.isolation.allowed_patterns():
            self._mock.add_passthru(allowed)
        refused = self.isolation.refused_pattern()
        for method in _METHODS:
            for pattern in self.isolation.fake_patterns():
                self._mock.add_callback(method, pattern, callback=self._answer)
            self._mock.add_callback(method, refused, callback=self._refuse)

    @property
    def url(self) -> str:
        """The first base URL, for configuring the code under test."""
        return self._bases[0]

    def start(self) -> InProcessGraph:
        self._mock.start()
        return self

    def stop(self) -> None:
        self._mock.stop()

    def _answer(self, request: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        reply = self.fake.handle(
            request.method or "GET", self._path(request), request.headers, _body_bytes(request.body)
        )
        if reply.hang_s is not None:
            raise ReadTimeout(
                "the fake Graph API did not answer (no_answer fault)", request=request
            )
        if reply.delay_s:
            time.sleep(reply.delay_s)
        return reply.status, dict(_JSON), reply.json_bytes()

    def _refuse(self, request: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        message = self.isolation.refusal(request.method or "GET", request.url or "")
        self.refused.append(message)
        raise RequestsConnectionError(message, request=request)

    def _path(self, request: PreparedRequest) -> str:
        return graph_path(request.url or "", request.path_url, self._bases)


def graph_path(url: str, path: str, bases: Sequence[str]) -> str:
    """The Graph path of a request: a base such as http://host/graph has a prefix to drop."""
    for base in bases:
        if url.startswith(base):
            prefix = urlsplit(base).path
            return path[len(prefix) :] if prefix and path.startswith(prefix) else path
    return path


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    return bytes(body)

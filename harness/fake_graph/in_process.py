"""The in-process front ends, ``requests`` via responses and ``httpx`` via respx, and their rule.

A call under one of the fake's base URLs is answered by the fake, a call to an allowed
host or URL prefix goes out for real, and any other call fails at once with an error that
names it, so a check never reaches the network by accident.
``InProcessFakes`` switches both front ends of one fake on and off together.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, Self
from urllib.parse import urlsplit

import httpx
import responses
import respx
from requests import PreparedRequest
from requests.exceptions import ConnectionError as RequestsConnectionError
from requests.exceptions import ReadTimeout

from harness.errors import UsageError
from harness.fake_graph.core import FakeGraph
from harness.fake_graph.lifecycle import Lifecycle

DEFAULT_BASES = ("https://graph.facebook.com",)
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_JSON = {"Content-Type": "application/json; charset=UTF-8"}
_NO_ANSWER = "the fake Graph API did not answer (no_answer fault)"


@dataclass(frozen=True)
class Isolation:
    """Which URLs the fake answers, which go out for real, and how the rest is refused."""

    bases: tuple[str, ...]
    allow_hosts: tuple[str, ...] = ()
    passthru_prefixes: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        base_urls: Sequence[str],
        allow_hosts: Sequence[str] = (),
        passthru_prefixes: Sequence[str] = (),
    ) -> Isolation:
        return cls(
            tuple(url.rstrip("/") for url in base_urls),
            tuple(host.strip().lower() for host in allow_hosts if host.strip()),
            tuple(passthru_prefixes),
        )

    def fake_patterns(self) -> list[re.Pattern[str]]:
        return [base_url_pattern(base) for base in self.bases]

    def allowed_patterns(self) -> list[re.Pattern[str]]:
        hosts = [
            re.compile(rf"https?://{re.escape(host)}(?::\d+)?(?:[/?#].*)?\Z", re.I | re.S)
            for host in self.allow_hosts
        ]
        return hosts + [base_url_pattern(prefix.rstrip("/")) for prefix in self.passthru_prefixes]

    def refused_pattern(self) -> re.Pattern[str]:
        """Every URL that is neither the fake's nor allowed (matched with ``match``)."""
        known = [p.pattern for p in self.fake_patterns() + self.allowed_patterns()]
        return re.compile("(?!" + "|".join(f"(?:{p})" for p in known) + ")", re.S)

    def refusal(self, method: str, url: str) -> str:
        """One line: what was refused, what is answered, and how to allow it."""
        host = re.sub(r"^[a-z]+://([^/:?#]*).*", r"\1", url, flags=re.I | re.S)
        return (
            f"wa-harness refused {method} {url}: during a check only the fake Graph API "
            f"({', '.join(self.bases)}) answers in-process; "
            f"allow the host with --allow-host {host or '<host>'} if the call is meant"
        )

    def graph_path(self, url: str, path: str) -> str:
        """The Graph path of a request: a base such as http://host/graph has a prefix to drop."""
        for base in self.bases:
            if url.startswith(base):
                prefix = urlsplit(base).path
                return path[len(prefix) :] if prefix and path.startswith(prefix) else path
        return path


def base_url_pattern(base: str) -> re.Pattern[str]:
    """Every URL under ``base`` (and nothing that merely starts with the same text)."""
    return re.compile(re.escape(base) + r"(?:[/?#].*)?\Z", re.DOTALL)


class _Mock(Protocol):
    """A patch of one HTTP client library, switched on and off (responses, respx)."""

    def start(self) -> object: ...

    def stop(self) -> object: ...


class _FrontEnd(Lifecycle):
    """What both in-process front ends share: the fake, the isolation rule, the refusals.

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
            raise UsageError(f"{type(self).__name__} needs at least one base URL to answer for")
        self.fake = fake
        self.isolation = Isolation.of(base_urls, allow_hosts, passthru_prefixes)
        # What was refused, for the run to show beside the check (appends are atomic).
        self.refused: list[str] = []
        self._mock = self._patch()

    @property
    def url(self) -> str:
        """The first base URL, for configuring the code under test."""
        return self.isolation.bases[0]

    def start(self) -> Self:
        self._mock.start()
        return self

    def stop(self) -> None:
        self._mock.stop()

    def _patch(self) -> _Mock:
        """The client library's patch, routed by ``self.isolation``."""
        raise NotImplementedError

    def _refusal(self, method: str, url: str) -> str:
        message = self.isolation.refusal(method, url)
        self.refused.append(message)
        return message


class InProcessGraph(_FrontEnd):
    """Routes ``requests`` calls under ``base_urls`` to ``fake``; other hosts are refused."""

    def _patch(self) -> responses.RequestsMock:
        mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        for allowed in self.isolation.allowed_patterns():
            mock.add_passthru(allowed)
        refused = self.isolation.refused_pattern()
        for method in _METHODS:
            for pattern in self.isolation.fake_patterns():
                mock.add_callback(method, pattern, callback=self._answer)
            mock.add_callback(method, refused, callback=self._refuse)
        return mock

    def _answer(self, request: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        path = self.isolation.graph_path(request.url or "", request.path_url)
        reply = self.fake.handle(
            request.method or "GET", path, request.headers, _body_bytes(request.body)
        )
        if reply.hang_s is not None:
            raise ReadTimeout(_NO_ANSWER, request=request)
        if reply.delay_s:
            time.sleep(reply.delay_s)
        return reply.status, dict(_JSON), reply.json_bytes()

    def _refuse(self, request: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        message = self._refusal(request.method or "GET", request.url or "")
        raise RequestsConnectionError(message, request=request)


class HttpxGraph(_FrontEnd):
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
            raise httpx.ReadTimeout(_NO_ANSWER)
        if reply.delay_s:
            # respx runs side effects synchronously, for async clients too.
            time.sleep(reply.delay_s)
        return httpx.Response(reply.status, headers=_JSON, content=reply.json_bytes())


class InProcessFakes(Lifecycle):
    """The ``requests`` and ``httpx`` front ends of one fake, on and off together.

    ``start()`` may be called again while active; only the matching last ``stop()`` turns
    them off, so a run can keep the fakes on only while its checks run (and around its own
    setup) and leave the rest of the process untouched.
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


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    return bytes(body)

"""The in-process front ends of one fake, ``requests`` via responses and ``httpx`` via respx.

Both follow one rule (``isolation.Isolation``): the fake answers, other calls fail at once.
``InProcessFakes`` switches them on and off together. httpx is patched once it is
imported: at once if it already is, else the moment the code under test imports it (a
watch on the import system), so a target built on ``requests`` never loads httpx and
respx, and one that imports httpx halfway through a check is patched before its first call.
"""

from __future__ import annotations

import importlib
import importlib.abc
import sys
import threading
import weakref
from collections.abc import Callable, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import TYPE_CHECKING, Any, Self

import responses
from requests import PreparedRequest
from requests.exceptions import ConnectionError as RequestsConnectionError
from requests.exceptions import ReadTimeout

from harness.fake_graph.core import FakeGraph
from harness.fake_graph.isolation import (
    DEFAULT_BASES,
    JSON_HEADERS,
    METHODS,
    NO_ANSWER,
    FrontEnd,
)
from harness.fake_graph.lifecycle import Lifecycle

if TYPE_CHECKING:
    from harness.fake_graph.in_process_httpx import HttpxGraph


class InProcessGraph(FrontEnd):
    """Routes ``requests`` calls under ``base_urls`` to ``fake``; other hosts are refused."""

    def _patch(self) -> responses.RequestsMock:
        mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        for allowed in self.isolation.allowed_patterns():
            mock.add_passthru(allowed)
        refused = self.isolation.refused_pattern()
        for method in METHODS:
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
            raise ReadTimeout(NO_ANSWER, request=request)
        self.fake.holds.pause(reply.delay_s)
        return reply.status, dict(JSON_HEADERS), reply.json_bytes()

    def _refuse(self, request: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        message = self._refusal(request.method or "GET", request.url or "")
        raise RequestsConnectionError(message, request=request)


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
        self._bases = tuple(base_urls)
        self._allow_hosts = tuple(allow_hosts)
        self._httpx: HttpxGraph | None = None
        self._httpx_on = False
        self._depth = 0
        # Held only for quick changes of state, never while importing (see _patch_httpx).
        self._lock = threading.Lock()
        self._making = threading.Lock()

    @property
    def url(self) -> str:
        return self.requests.url

    @property
    def httpx(self) -> HttpxGraph:
        """The httpx front end, made (importing httpx and respx) when first asked for."""
        with self._making:
            if self._httpx is None:
                # Local: httpx and respx load only for code that uses httpx.
                from harness.fake_graph.in_process_httpx import HttpxGraph

                self._httpx = HttpxGraph(self.fake, self._bases, allow_hosts=self._allow_hosts)
            return self._httpx

    def take_refused(self) -> list[str]:
        """The calls refused since the last call (both clients), and forget them."""
        taken: list[str] = []
        fronts = [self.requests] if self._httpx is None else [self.requests, self._httpx]
        for front in fronts:
            count = len(front.refused)
            taken += front.refused[:count]
            del front.refused[:count]
        return taken

    @property
    def active(self) -> bool:
        return self._depth > 0

    def start(self) -> Self:
        with self._lock:
            self._depth += 1
            if self._depth > 1:
                return self
            self.requests.start()
            # Watched before looking, so that an import between the two is not missed.
            _HTTPX_WATCH.add(self)
        if sys.modules.get("httpx") is not None:
            # Waits for an import another thread may be in the middle of.
            importlib.import_module("httpx")
            self._patch_httpx()
        return self

    def stop(self) -> None:
        with self._lock:
            if self._depth == 0:
                return
            self._depth -= 1
            if self._depth > 0:
                return
            _HTTPX_WATCH.discard(self)
            if self._httpx is not None and self._httpx_on:
                self._httpx.stop()
                self._httpx_on = False
            self.requests.stop()

    def _patch_httpx(self) -> None:
        """Turn the httpx front end on, if the fakes are on (httpx is imported by now)."""
        front = self.httpx
        with self._lock:
            if self._depth > 0 and not self._httpx_on:
                front.start()
                self._httpx_on = True


class _ImportWatch(importlib.abc.MetaPathFinder):
    """Patches httpx for the fakes that are on, right after the first import of httpx.

    First on ``sys.meta_path`` while a fake waits for httpx; it finds nothing itself: it
    has the finders after it find httpx, and wraps that one import's execution.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._waiting: weakref.WeakSet[InProcessFakes] = weakref.WeakSet()

    def add(self, fakes: InProcessFakes) -> None:
        """Patch httpx for ``fakes`` when it is imported (nothing to wait for once it is)."""
        with self._lock:
            if sys.modules.get(self.name) is not None:
                return
            self._waiting.add(fakes)
            if self not in sys.meta_path:
                sys.meta_path.insert(0, self)

    def discard(self, fakes: InProcessFakes) -> None:
        with self._lock:
            self._waiting.discard(fakes)
            if not self._waiting and self in sys.meta_path:
                sys.meta_path.remove(self)

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != self.name or fullname in sys.modules:
            return None
        finders = list(sys.meta_path)
        later = finders[finders.index(self) + 1 :] if self in finders else finders
        for finder in later:
            find = getattr(finder, "find_spec", None)
            spec: ModuleSpec | None = find(fullname, path, target) if find is not None else None
            if spec is not None:
                self._wrap(spec)
                return spec
        return None

    def _wrap(self, spec: ModuleSpec) -> None:
        loader: Any = spec.loader
        execute: Callable[[ModuleType], None] | None = getattr(loader, "exec_module", None)
        if execute is None:
            return

        def execute_then_patch(module: ModuleType) -> None:
            try:
                execute(module)
            finally:
                vars(loader).pop("exec_module", None)
            self._imported()

        try:
            # On this loader object only, which serves this one import.
            loader.exec_module = execute_then_patch
        except AttributeError:
            return

    def _imported(self) -> None:
        with self._lock:
            waiting = list(self._waiting)
            self._waiting.clear()
            if self in sys.meta_path:
                sys.meta_path.remove(self)
        for fakes in waiting:
            try:
                fakes._patch_httpx()
            except Exception as exc:  # noqa: BLE001 - the code under test must still import httpx
                fakes.fake.lost.add("patching httpx for the in-process fake", exc)


_HTTPX_WATCH = _ImportWatch("httpx")


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    return bytes(body)

"""HTTP exchanges with an implementation, in-process (WSGI) or over a real socket."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any, Protocol

import requests
from werkzeug.test import Client

from harness.errors import TargetUnreachable
from harness.evidence import Answer
from harness.targets import keep_alive

# A target answering more than this is judged on the first bytes only.
MAX_BODY_BYTES = 1_000_000
# A whole answer (headers and body) may take this much longer than --timeout.
WHOLE_ANSWER_GRACE_S = 1.0


@dataclass(frozen=True, slots=True)
class HttpAnswer:
    """What the implementation answered; ``body`` is cut at ``MAX_BODY_BYTES``."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    elapsed_s: float = 0.0
    truncated: bool = False

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def record(self) -> Answer:
        """The answer as evidence."""
        # Whole: reports cut long text only after masking secrets (Redactor.data(limit=)).
        return Answer(self.status, self.text(), round(self.elapsed_s, 4))


class HttpTransport(Protocol):
    """Sends one HTTP request to the implementation and returns its answer."""

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | None = None,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> HttpAnswer: ...


class WsgiTransport:
    """Calls a WSGI application directly, with no socket."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self._client = Client(app)

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | None = None,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> HttpAnswer:
        started = time.perf_counter()
        try:
            response = self._client.open(
                path,
                method=method,
                query_string=dict(query or {}),
                data=body,
                headers=dict(headers or {}),
            )
        except Exception as exc:  # noqa: BLE001 - a crashing app answers 500, as a server would
            text = f"the application raised {type(exc).__name__}: {exc}"
            return HttpAnswer(500, text.encode(), {}, time.perf_counter() - started)
        try:
            data = b"".join(_limited(response.iter_encoded()))
        finally:
            response.close()
        return HttpAnswer(
            status=response.status_code,
            body=data[:MAX_BODY_BYTES],
            headers=dict(response.headers),
            elapsed_s=time.perf_counter() - started,
            truncated=len(data) > MAX_BODY_BYTES,
        )


class UrlTransport:
    """Real HTTP to a running server, with a per-request timeout and a bounded read."""

    def __init__(self, base_url: str, *, timeout_s: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self._session = keep_alive.new_session()
        self._workers = _Workers()

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | None = None,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> HttpAnswer:
        url = self.base_url + path
        started = time.perf_counter()
        # requests' timeout bounds each socket read only: a server that drips a byte now
        # and then never times out. The exchange runs on a worker thread so the whole
        # answer has a deadline too.
        session = self._session
        outcome: dict[str, Any] = {}
        done = self._workers.run(
            lambda: _exchange(session, method, url, query, body, headers, self.timeout_s, outcome)
        )
        if not done.wait(self.timeout_s + WHOLE_ANSWER_GRACE_S):
            # The stuck worker keeps its connection until the target closes it or the
            # process ends; later requests use a fresh session so they never share it.
            self._session = keep_alive.new_session()
            raise TargetUnreachable(
                f"{method} {url} did not finish answering within "
                f"{self.timeout_s + WHOLE_ANSWER_GRACE_S:g} s (it kept the connection open "
                "while sending slowly); raise --timeout if the implementation is slow"
            )
        exc = outcome.get("error")
        if isinstance(exc, requests.Timeout):
            raise TargetUnreachable(
                f"{method} {url} got no answer within {self.timeout_s:g} s; "
                "raise --timeout if the implementation is slow, or check that it is not stuck"
            ) from exc
        if isinstance(exc, requests.RequestException):
            raise TargetUnreachable(
                f"{method} {url} failed: {_reason(exc)}; check that the implementation is running"
            ) from exc
        if exc is not None:
            raise exc
        response, data = outcome["response"], outcome["data"]
        return HttpAnswer(
            status=response.status_code,
            body=data[:MAX_BODY_BYTES],
            headers=dict(response.headers),
            elapsed_s=time.perf_counter() - started,
            truncated=len(data) > MAX_BODY_BYTES,
        )

    def close(self) -> None:
        self._workers.close()
        self._session.close()


# A job for a worker, and the event it sets once the job has run.
_Job = tuple[Callable[[], None], threading.Event]


class _Workers:
    """Daemon threads that make the exchanges: an idle one is reused, else one is started.

    Starting a thread per request cost about a millisecond each, a noticeable share of a
    run over HTTP. Requests made at the same time still run at the same time (the
    concurrent-delivery checks depend on it). A worker stuck on a target that never
    finishes answering is simply never reused; daemon, it cannot hold the process open.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: list[queue.SimpleQueue[_Job | None]] = []
        self._closed = False

    def run(self, job: Callable[[], None]) -> threading.Event:
        """Run ``job`` on a worker; the event is set once it has run."""
        done = threading.Event()
        with self._lock:
            jobs = self._idle.pop() if self._idle else self._start()
        jobs.put((job, done))
        return done

    def close(self) -> None:
        """Idle workers end now, busy ones after their job."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for jobs in idle:
            jobs.put(None)

    def _start(self) -> queue.SimpleQueue[_Job | None]:
        jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        threading.Thread(
            target=self._serve, args=(jobs,), name="wa-harness-http", daemon=True
        ).start()
        return jobs

    def _serve(self, jobs: queue.SimpleQueue[_Job | None]) -> None:
        while (item := jobs.get()) is not None:
            job, done = item
            try:
                job()
            finally:
                with self._lock:
                    closed = self._closed
                    if not closed:
                        # Idle again before the caller hears, so its next request reuses it.
                        self._idle.append(jobs)
                done.set()
            if closed:
                return


def _exchange(
    session: requests.Session,
    method: str,
    url: str,
    query: Mapping[str, str] | None,
    body: bytes,
    headers: Mapping[str, str] | None,
    timeout_s: float,
    outcome: dict[str, Any],
) -> None:
    """One request and its bounded read; puts ``response`` and ``data``, or ``error``."""

    def send(through: requests.Session) -> requests.Response:
        return through.request(
            method,
            url,
            params=dict(query or {}),
            data=body,
            headers=dict(headers or {}),
            timeout=timeout_s,
            stream=True,
            allow_redirects=False,
        )

    try:
        with ExitStack() as fresh:
            keep_alive.sending()
            try:
                response = send(session)
            except requests.ConnectionError as exc:
                if not keep_alive.dead_keep_alive(exc):
                    raise
                # The server had closed this pooled connection: the request never reached
                # it. Once more on a connection of its own (other pooled ones may be dead too).
                response = send(fresh.enter_context(keep_alive.new_session()))
            try:
                outcome["data"] = b"".join(_limited(response.iter_content(64 * 1024)))
            finally:
                response.close()
        outcome["response"] = response
    except Exception as exc:  # noqa: BLE001 - handed to the caller's thread to be judged
        outcome["error"] = exc


def _limited(chunks: Any) -> Any:
    """Stop reading one chunk past the limit, so a huge answer cannot exhaust memory."""
    total = 0
    for chunk in chunks:
        total += len(chunk)
        yield chunk
        if total > MAX_BODY_BYTES:
            return


def _reason(exc: BaseException) -> str:
    text = str(exc)
    if "Connection refused" in text:
        return "connection refused"
    # Told apart from a plain closed connection: a wrong port or protocol, not a crash.
    if "BadStatusLine" in text:
        return "the answer was not HTTP (wrong port, or not an HTTP server?)"
    if "RemoteDisconnected" in text:
        return "the connection was closed without an answer"
    if isinstance(exc, requests.ConnectionError):
        return "the connection failed or was closed"
    return text.splitlines()[0] if text else type(exc).__name__

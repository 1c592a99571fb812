"""Kept-alive connections to a target: which request went out on one, and when to retry.

A server may close a kept-alive connection without saying so (``Connection: close``):
uvicorn does after an app raised once its 500 went out. The next request on that pooled
connection then fails before any byte of an answer, through no fault of the request.
Such a failure, and only such a one, is retried once on a fresh connection; a request
that failed on a connection of its own, or after its answer began, is what the target did.
"""

from __future__ import annotations

import http.client
import threading
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

# What the socket says when the peer had closed it before we wrote or read a byte.
_CLOSED_UNANSWERED = (
    http.client.RemoteDisconnected,
    ConnectionResetError,
    ConnectionAbortedError,
    BrokenPipeError,
)


class _LastRequest(threading.local):
    """Whether this thread's last request went out on a connection that had answered before."""

    reused = False


_LAST = _LastRequest()


class _Noting:
    """Counts the answers a connection gave since it connected, and notes reuse on send."""

    _answers = 0

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        self._answers = 0

    def request(self, *args: Any, **kwargs: Any) -> None:
        # A connection urllib3 found dropped and reconnects has no socket yet: not reused.
        _LAST.reused = self._answers > 0 and getattr(self, "sock", None) is not None
        super().request(*args, **kwargs)  # type: ignore[misc]

    def getresponse(self) -> Any:
        answer = super().getresponse()  # type: ignore[misc]
        self._answers += 1
        return answer


class _NotingHTTPConnection(_Noting, HTTPConnection):
    pass


class _NotingHTTPSConnection(_Noting, HTTPSConnection):
    pass


class _Pool(HTTPConnectionPool):
    ConnectionCls = _NotingHTTPConnection


class _SecurePool(HTTPSConnectionPool):
    ConnectionCls = _NotingHTTPSConnection


def new_session() -> requests.Session:
    """A requests session whose connections note when a request reused one."""
    session = requests.Session()
    adapter = HTTPAdapter()
    adapter.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _SecurePool}
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def sending() -> None:
    """A request is about to be sent on this thread: forget what the last one noted."""
    _LAST.reused = False


def dead_keep_alive(exc: BaseException) -> bool:
    """Whether ``exc`` (from sending a request, before its answer) hit a dead kept-alive one."""
    if not _LAST.reused or not isinstance(exc, requests.ConnectionError):
        return False
    if isinstance(exc, requests.ConnectTimeout | requests.exceptions.ProxyError):
        return False
    cause: BaseException | None = exc
    seen: set[int] = set()
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, _CLOSED_UNANSWERED):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__ or _first_arg(cause)
    return False


def _first_arg(exc: BaseException) -> BaseException | None:
    # urllib3 wraps the socket's error as an argument (ProtocolError("…", error)).
    for arg in exc.args:
        if isinstance(arg, BaseException):
            return arg
    return None

"""A transport whose requests reach the implementation one at a time, as from one phone."""

from __future__ import annotations

import threading
from collections.abc import Mapping

from harness.targets.transport import HttpAnswer, HttpTransport


class SerialisedTransport:
    """Wraps ``inner`` so taps, status webhooks and control commands never overlap."""

    def __init__(self, inner: HttpTransport, lock: threading.Lock) -> None:
        self._inner = inner
        self._lock = lock

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str] | None = None,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> HttpAnswer:
        with self._lock:
            return self._inner.request(method, path, query=query, body=body, headers=headers)

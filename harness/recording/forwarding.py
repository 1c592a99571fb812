"""Pass one HTTP request on, byte for byte, and bring the answer back."""

from __future__ import annotations

import http.client
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from harness.errors import UsageError

# Headers about one hop of the connection, never passed on (RFC 9110 §7.6.1).
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
    }
)


@dataclass(frozen=True, slots=True)
class Forwarded:
    """The upstream's answer; ``status`` None when it could not be reached."""

    status: int | None
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)
    error: str | None = None


class Forwarder:
    """Sends requests to one base URL (``http://host:port[/prefix]``) over http.client."""

    def __init__(self, base_url: str, *, timeout_s: float = 10.0) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(f"{base_url!r} is not an http(s) URL; pass e.g. http://127.0.0.1:8000")
        self.base_url = base_url.rstrip("/")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self.timeout_s = timeout_s

    def forward(
        self, method: str, target: str, body: bytes, headers: Iterable[tuple[str, str]]
    ) -> Forwarded:
        """``target`` is the path and query as received; ``body`` goes on untouched."""
        kept = [(name, value) for name, value in headers if name.lower() not in HOP_BY_HOP]
        factory = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        connection = factory(self._host, self._port, timeout=self.timeout_s)
        try:
            connection.putrequest(method, self._prefix + target, skip_accept_encoding=True)
            for name, value in kept:
                connection.putheader(name, value)
            if body or method in ("POST", "PUT", "PATCH"):
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            data = response.read()
            answer = [(k, v) for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP]
            return Forwarded(response.status, data, answer)
        except (OSError, http.client.HTTPException) as exc:
            return Forwarded(None, b"", error=f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()


def plain_headers(pairs: Mapping[str, str] | Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Header pairs as a list, whatever mapping they came in."""
    items = pairs.items() if isinstance(pairs, Mapping) else pairs
    return [(str(k), str(v)) for k, v in items]

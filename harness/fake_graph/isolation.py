"""The rule both in-process front ends follow (``Isolation``), and what they share.

A call under one of the fake's base URLs is answered by the fake, a call to an allowed
host or URL prefix goes out for real, and any other call fails at once with an error that
names it, so a check never reaches the network by accident.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, Self
from urllib.parse import urlsplit

from harness.errors import UsageError
from harness.fake_graph.core import FakeGraph
from harness.fake_graph.lifecycle import Lifecycle

DEFAULT_BASES = ("https://graph.facebook.com",)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
JSON_HEADERS = {"Content-Type": "application/json; charset=UTF-8"}
NO_ANSWER = "the fake Graph API did not answer (no_answer fault)"


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


class ClientPatch(Protocol):
    """A patch of one HTTP client library, switched on and off (responses, respx)."""

    def start(self) -> object: ...

    def stop(self) -> object: ...


class FrontEnd(Lifecycle):
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

    def _patch(self) -> ClientPatch:
        """The client library's patch, routed by ``self.isolation``."""
        raise NotImplementedError

    def _refusal(self, method: str, url: str) -> str:
        message = self.isolation.refusal(method, url)
        self.refused.append(message)
        return message

"""One rule for every in-process HTTP client: the fake answers, everything else is refused.

``requests`` (through ``responses``) and ``httpx`` (through ``respx``) follow the same
``Isolation``: a call under one of the fake's base URLs is answered by the fake, a call to
an allowed host or URL prefix goes out for real, and any other call fails at once with an
error that names it, so a check never reaches the network by accident.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from harness.fake_graph.lifecycle import base_url_pattern

DEFAULT_BASES = ("https://graph.facebook.com",)


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

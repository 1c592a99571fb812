"""What may be sent when: the 24-hour window, per-number throughput and approved templates.

A business phone number sends up to 80 messages per second by default (Meta's "Throughput"
page, developers.facebook.com/docs/whatsapp/throughput; 1,000/s after an upgrade); above it
Graph answers error 130429 "Rate limit hit". The limit is a sliding one-second window on
the real monotonic clock: throughput is about wall time, not the fake's scenario clock.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from harness.errors import UsageError

WINDOW_S = 24 * 60 * 60


class CustomerServiceWindows:
    """When each user last wrote: free-form messages only within 24 h of it.

    Not thread-safe (the core holds a lock).
    """

    def __init__(self) -> None:
        self._last_inbound: dict[str, float] = {}

    def open(self, wa_id: str, at: float) -> None:
        self._last_inbound[wa_id] = at

    def is_open(self, wa_id: str, now: float) -> bool:
        """True within 24 h (inclusive) of the user's last message."""
        opened = self._last_inbound.get(wa_id)
        return opened is not None and 0 <= now - opened <= WINDOW_S

    def opened_at(self, wa_id: str) -> float | None:
        """When ``wa_id`` last wrote, or None if never."""
        return self._last_inbound.get(wa_id)

    def clear(self) -> None:
        self._last_inbound.clear()


class ThroughputLimit:
    """Admits at most ``per_second`` sends in any one-second window; not thread-safe."""

    def __init__(self, per_second: int, *, now: Callable[[], float] = time.monotonic) -> None:
        if per_second < 1:
            raise UsageError(f"throughput must be at least 1 message per second, not {per_second}")
        self.per_second = per_second
        self._now = now
        self._recent: deque[float] = deque(maxlen=per_second)

    def admit(self) -> bool:
        """True (and counted) when a send now stays within the limit."""
        now = self._now()
        if len(self._recent) == self.per_second and now - self._recent[0] < 1.0:
            return False
        self._recent.append(now)
        return True


class TemplateRegistry:
    """Template names and their approved languages; empty means every template is accepted.

    Meta refuses a template name that does not exist in the requested language with
    132001, details "template name (…) does not exist in <lang>" (docs/cloud-api.md, CAP-I).
    """

    def __init__(self, templates: Mapping[str, Iterable[str]] | None = None) -> None:
        self._lock = threading.Lock()
        self._languages: dict[str, set[str]] = {}
        for name, languages in (templates or {}).items():
            for language in languages:
                self.register(name, language)

    def register(self, name: str, language: str) -> None:
        with self._lock:
            self._languages.setdefault(name, set()).add(language)

    def clear(self) -> None:
        with self._lock:
            self._languages.clear()

    def refusal(self, payload: Mapping[str, Any]) -> str | None:
        """Meta's details for an unknown template in ``payload``, or None when it may be sent."""
        template = payload.get("template")
        if payload.get("type") != "template" or not isinstance(template, Mapping):
            return None
        name = str(template.get("name", ""))
        language = template.get("language")
        code = str(language.get("code", "")) if isinstance(language, Mapping) else ""
        with self._lock:
            if not self._languages or code in self._languages.get(name, set()):
                return None
        return f"template name ({name}) does not exist in {code}"

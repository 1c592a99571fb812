"""Approved message templates the fake knows, so an unknown one is refused with 132001."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Any


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

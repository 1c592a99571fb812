"""The one place secrets are removed before anything is shown or written."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, overload

MASK = "[redacted]"


class Redactor:
    """Replaces every occurrence of the known secrets in text and in JSON-like data."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        # Longest first, so a secret that contains another is masked whole.
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def text(self, value: str) -> str:
        for secret in self._secrets:
            value = value.replace(secret, MASK)
        return value

    # The shape survives redaction: strings (and bytes) stay strings, mappings become dicts,
    # sequences become lists, other JSON scalars come back as they were.
    @overload
    def data(self, value: str | bytes) -> str: ...
    @overload
    def data(self, value: Mapping[str, Any]) -> dict[str, Any]: ...
    @overload
    def data(self, value: list[Any] | tuple[Any, ...]) -> list[Any]: ...
    @overload
    def data(self, value: float | None) -> float | None: ...
    def data(self, value: object) -> object:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, bytes):
            return self.text(value.decode("utf-8", errors="replace"))
        if isinstance(value, dict):
            return {self.text(str(k)): self.data(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.data(v) for v in value]
        return value

"""The Graph error catalogue (``error_codes.json``) as typed, read-only records."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from harness.errors import UsageError


@dataclass(frozen=True, slots=True)
class ErrorSpec:
    """One catalogue entry: how Meta words, types and delivers one error."""

    key: str
    code: int
    title: str
    http_status: int
    type: str
    where: str
    details: str | None
    message: str | None = None
    error_data: bool = True
    is_transient: bool | None = None
    error_subcode: int | None = None
    http_status_options: tuple[int, ...] = ()
    where_options: tuple[str, ...] = ()

    def message_text(self, **fields: str) -> str:
        """The envelope's ``message``: the catalogue's template, or ``(#code) title``."""
        if self.message is None:
            return f"(#{self.code}) {self.title}"
        return self.message.format(**fields)


@dataclass(frozen=True, slots=True)
class ErrorCatalogue:
    """Every error the fake can give, looked up by key (``"131009"``, ``"100/unknown_path"``)."""

    href: str
    specs: tuple[ErrorSpec, ...]

    def get(self, key: str | int) -> ErrorSpec:
        for spec in self.specs:
            if spec.key == str(key):
                return spec
        known = ", ".join(spec.key for spec in self.specs)
        raise UsageError(f"unknown Graph error {key!r}; the catalogue has: {known}")


def _spec(key: str, raw: dict[str, Any]) -> ErrorSpec:
    return ErrorSpec(
        key=key,
        code=raw["code"],
        title=raw["title"],
        http_status=raw["http_status"],
        type=raw["type"],
        where=raw["where"],
        details=raw.get("details"),
        message=raw.get("message"),
        error_data=raw.get("error_data", True),
        is_transient=raw.get("is_transient"),
        error_subcode=raw.get("error_subcode"),
        http_status_options=tuple(raw.get("http_status_options", ())),
        where_options=tuple(raw.get("where_options", ())),
    )


@functools.cache
def load_catalogue() -> ErrorCatalogue:
    """The packaged catalogue, read once (it is immutable)."""
    text = resources.files(__package__).joinpath("error_codes.json").read_text("utf-8")
    raw = json.loads(text)
    specs = tuple(_spec(key, entry) for key, entry in raw["errors"].items())
    return ErrorCatalogue(href=raw["href"], specs=specs)

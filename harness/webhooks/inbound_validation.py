"""Check an inbound notification against the webhook JSON Schemas in ``schemas/``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

SCHEMA_DIR = Path(__file__).parent / "schemas"
NOTIFICATION_SCHEMA = "notification.json"


@dataclass(frozen=True, slots=True)
class Violation:
    """One way a notification departs from the schema: where (JSON path) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def iter_inbound_violations(notification: Any) -> Iterator[Violation]:
    """Every schema violation in ``notification``, deepest path first within each branch."""
    validator = _validator()
    errors = sorted(validator.iter_errors(notification), key=lambda e: list(map(str, e.path)))
    for error in errors:
        yield Violation(path=error.json_path, message=_describe(error))


def inbound_violations(notification: Any) -> list[Violation]:
    """The violations as a list, empty when the notification is valid."""
    return list(iter_inbound_violations(notification))


def is_valid_notification(notification: Any) -> bool:
    """True when ``notification`` matches the inbound schemas."""
    return _validator().is_valid(notification)


def load_schema(name: str) -> dict[str, Any]:
    """One schema file from ``schemas/``, parsed."""
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return schema


@cache
def _validator() -> Draft202012Validator:
    # Cached because the schema files are read-only package data; building a registry
    # per call would dominate the cost of checking a large corpus.
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        schema = load_schema(path.name)
        resources.append((schema["$id"], Resource.from_contents(schema)))
    registry: Registry = Registry().with_resources(resources)
    root = load_schema(NOTIFICATION_SCHEMA)
    Draft202012Validator.check_schema(root)
    return Draft202012Validator(root, registry=registry)


def _describe(error: ValidationError) -> str:
    # if/then failures otherwise read "... does not match ..." without saying which branch;
    # the innermost context error is the one that names the missing field.
    while error.context:
        error = min(error.context, key=lambda e: len(e.path))
    return error.message

"""Check an inbound notification against the inbound JSON Schemas of ``cloud_api``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from harness.cloud_api.schema_files import validator

NOTIFICATION_SCHEMA = "notification"


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


def _validator() -> Draft202012Validator:
    return validator("inbound", NOTIFICATION_SCHEMA)


def _describe(error: ValidationError) -> str:
    # if/then failures otherwise read "... does not match ..." without saying which branch;
    # the innermost context error is the one that names the missing field.
    while error.context:
        error = min(error.context, key=lambda e: len(e.path))
    return error.message

"""Which packaged request schema judges a given /messages body."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator

from harness.cloud_api.schema_files import validator


def schema_name_for(body: Mapping[str, Any]) -> str:
    """Pick the schema by what the body says it is; ``message`` explains an unknown kind."""
    if "status" in body and "type" not in body:
        return "mark_read"
    # A non-string kind (a list, say) is unknown, not a crash of the fake.
    kind = _text(body.get("type"))
    if kind == "interactive":
        interactive = body.get("interactive")
        sub = _text(interactive.get("type")) if isinstance(interactive, Mapping) else ""
        return {"button": "interactive_button", "list": "interactive_list"}.get(sub, "message")
    return {"text": "text", "template": "template"}.get(kind, "message")


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def unmodelled_kind(body: Any) -> str | None:
    """``"image"`` or ``"interactive/cta_url"`` for a kind Meta accepts that the fake does not
    model (its content is not judged), else None."""
    if not isinstance(body, Mapping) or schema_name_for(body) != "message":
        return None
    kind = _text(body.get("type"))
    if kind == "interactive":
        interactive = body.get("interactive")
        sub = _text(interactive.get("type")) if isinstance(interactive, Mapping) else ""
        return f"interactive/{sub}" if sub else None
    return kind or None


def validator_for(body: Mapping[str, Any]) -> Draft202012Validator:
    """The validator that judges ``body``."""
    return validator("outbound", schema_name_for(body))

"""The packaged request schemas, and which one judges a given /messages body."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SCHEMA_NAMES = (
    "common",
    "text",
    "interactive_button",
    "interactive_list",
    "template",
    "mark_read",
    "message",
)
BASE_URI = "https://wa-harness.invalid/schemas/fake_graph/"


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


@functools.cache
def validators() -> Mapping[str, Draft202012Validator]:
    """One validator per message schema, sharing a registry so ``common.json`` refs resolve."""
    folder = resources.files(__package__).joinpath("schemas")
    documents = {
        name: json.loads(folder.joinpath(f"{name}.json").read_text("utf-8"))
        for name in SCHEMA_NAMES
    }
    registry: Registry = Registry().with_resources(
        (BASE_URI + f"{name}.json", Resource.from_contents(doc)) for name, doc in documents.items()
    )
    found: dict[str, Draft202012Validator] = {}
    for name, doc in documents.items():
        Draft202012Validator.check_schema(doc)
        if name != "common":
            found[name] = Draft202012Validator(doc, registry=registry)
    return MappingProxyType(found)


def validator_for(body: Mapping[str, Any]) -> Draft202012Validator:
    """The validator that judges ``body``."""
    return validators()[schema_name_for(body)]

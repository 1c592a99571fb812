"""The packaged JSON Schemas: ``outbound`` (what Meta accepts) and ``inbound`` (what it sends).

Each folder is one registry, so ``$ref`` between its files resolves by ``$id``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

KINDS = ("outbound", "inbound")


@functools.cache
def schema_documents(kind: str) -> Mapping[str, dict[str, Any]]:
    """Every schema of ``kind`` by file stem (``"text"``), parsed once (read-only data)."""
    if kind not in KINDS:
        raise ValueError(f"unknown schema kind {kind!r}; valid: {', '.join(KINDS)}")
    folder = resources.files(__package__).joinpath("schemas", kind)
    found = {
        entry.name.removesuffix(".json"): json.loads(entry.read_text("utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    }
    return MappingProxyType(dict(sorted(found.items())))


@functools.cache
def validator(kind: str, name: str) -> Draft202012Validator:
    """A validator for schema ``name`` of ``kind``, its siblings resolvable by ``$ref``."""
    documents = schema_documents(kind)
    registry: Registry = Registry().with_resources(
        (doc["$id"], Resource.from_contents(doc)) for doc in documents.values()
    )
    root = documents[name]
    Draft202012Validator.check_schema(root)
    return Draft202012Validator(root, registry=registry)

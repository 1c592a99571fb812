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
from urllib.parse import urljoin

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
    # Resolving each $ref while validating cost a third of every send the fake judged;
    # the schemas have no recursive refs, so resolving them once gives the same verdicts.
    by_id = {doc["$id"]: doc for doc in documents.values()}
    return Draft202012Validator(_inlined(root, root, by_id), registry=registry)


def _inlined(
    node: Any, document: Mapping[str, Any], by_id: Mapping[str, Any], depth: int = 0
) -> Any:
    """``node`` with every ``$ref`` replaced by what it points at (siblings kept via allOf)."""
    if depth > _MAX_REF_DEPTH:
        raise ValueError("schema $ref chain too deep: is a $ref recursive?")
    if isinstance(node, list):
        return [_inlined(item, document, by_id, depth) for item in node]
    if not isinstance(node, dict):
        return node
    if not isinstance(node.get("$ref"), str):
        return {key: _inlined(value, document, by_id, depth) for key, value in node.items()}
    target, home = _resolve(node["$ref"], document, by_id)
    inner = _inlined(target, home, by_id, depth + 1)
    rest = {k: _inlined(v, document, by_id, depth) for k, v in node.items() if k != "$ref"}
    if not rest:
        return inner
    return {**rest, "allOf": [*rest.get("allOf", []), inner]}


def _resolve(
    ref: str, document: Mapping[str, Any], by_id: Mapping[str, Any]
) -> tuple[Any, Mapping[str, Any]]:
    address, _, pointer = ref.partition("#")
    home = by_id[urljoin(document["$id"], address)] if address else document
    target: Any = home
    for part in filter(None, pointer.split("/")):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    return target, home


_MAX_REF_DEPTH = 20

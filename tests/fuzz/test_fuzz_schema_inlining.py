"""Schemas with their $refs resolved once judge exactly like the schemas resolved per call."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import given
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from harness.cloud_api.schema_files import schema_documents, validator
from harness.fake_graph.validation import schema_name_for
from tests.fuzz.strategies import FUZZ, message_like, nearly_valid_sends


def _referencing(kind: str, name: str) -> Draft202012Validator:
    documents = schema_documents(kind)
    registry: Registry = Registry().with_resources(
        (doc["$id"], Resource.from_contents(doc)) for doc in documents.values()
    )
    return Draft202012Validator(documents[name], registry=registry)


def _errors(checker: Draft202012Validator, body: Any) -> list[tuple[Any, ...]]:
    # What validation.py reads of an error: where, which keyword, Meta's words and codes.
    found = []
    for e in checker.iter_errors(body):
        schema = e.schema if isinstance(e.schema, Mapping) else {}
        marks = tuple(repr(schema.get(key)) for key in ("x-code", "x-rule", "x-details"))
        known = tuple(sorted(schema.get("properties", {})))
        found.append((tuple(e.absolute_path), e.validator, e.message, marks, known))
    return found


def _same_verdict(body: Any) -> None:
    if not isinstance(body, Mapping):
        return
    name = schema_name_for(body)
    assert _errors(validator("outbound", name), body) == _errors(
        _referencing("outbound", name), body
    )


@FUZZ
@given(nearly_valid_sends())
def test_nearly_valid_sends_get_the_same_errors(body):
    _same_verdict(body)


@FUZZ
@given(message_like())
def test_message_like_bodies_get_the_same_errors(body):
    _same_verdict(body)

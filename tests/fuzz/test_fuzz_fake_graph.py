"""The fake Graph API answers every body with Meta's success or error envelope, never raising."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from harness.fake_graph import FakeGraph, GraphReply, Violation, iter_violations
from tests.fuzz.strategies import FUZZ, json_values, message_like, nearly_valid_sends

TOKEN = "fuzz-access-token"
PHONE_NUMBER_ID = "106540352242922"
PATH = f"/v21.0/{PHONE_NUMBER_ID}/messages"
HEADERS = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
# One fake for every example: the point is that no body can break it, whatever came before.
GRAPH = FakeGraph(access_token=TOKEN, phone_number_id=PHONE_NUMBER_ID)


def assert_meta_shaped(reply: GraphReply) -> None:
    """A success (``wamid.`` id or read receipt) or Graph's error envelope, and JSON-ready."""
    assert isinstance(reply.status, int)
    body = reply.body
    json.loads(reply.json_bytes())
    if "error" in body:
        assert reply.status >= 400
        error = body["error"]
        assert isinstance(error["code"], int)
        assert isinstance(error["message"], str)
        assert error["message"]
        assert isinstance(error["type"], str)
        assert isinstance(error["fbtrace_id"], str)
        assert error["fbtrace_id"]
    elif body == {"success": True}:
        assert reply.status == 200
    else:
        assert reply.status == 200
        assert body["messaging_product"] == "whatsapp"
        assert body["messages"][0]["id"].startswith("wamid.")


@FUZZ
@given(json_values())
def test_iter_violations_never_raises_on_any_json(body: Any) -> None:
    for violation in iter_violations(body):
        assert isinstance(violation, Violation)
        assert isinstance(violation.code, int)
        assert violation.json_path.startswith("$")


@FUZZ
@given(message_like())
def test_iter_violations_never_raises_on_message_like_bodies(body: Any) -> None:
    for violation in iter_violations(body):
        assert isinstance(violation.code, int)


@FUZZ
@given(json_values())
def test_handle_answers_any_json_body_like_meta(body: Any) -> None:
    reply = GRAPH.handle("POST", PATH, HEADERS, json.dumps(body).encode("utf-8"))
    assert_meta_shaped(reply)


@FUZZ
@given(message_like())
def test_handle_answers_message_like_bodies_like_meta(body: Any) -> None:
    reply = GRAPH.handle("POST", PATH, HEADERS, json.dumps(body).encode("utf-8"))
    assert_meta_shaped(reply)


@FUZZ
@given(nearly_valid_sends())
def test_handle_accepts_or_refuses_nearly_valid_sends_like_meta(body: dict[str, Any]) -> None:
    reply = GRAPH.handle("POST", PATH, HEADERS, json.dumps(body).encode("utf-8"))
    assert_meta_shaped(reply)
    if reply.status == 200:
        assert reply.body["contacts"][0]["input"] == body["to"]


@FUZZ
@given(st.binary(max_size=2000))
def test_handle_answers_arbitrary_bytes_like_meta(body: bytes) -> None:
    assert_meta_shaped(GRAPH.handle("POST", PATH, HEADERS, body))


@FUZZ
@given(
    st.sampled_from(["GET", "POST", "DELETE", "PATCH"]),
    st.text(max_size=60),
    st.dictionaries(st.text(max_size=20), st.text(max_size=60), max_size=3),
)
def test_handle_answers_any_method_path_and_headers_like_meta(
    method: str, path: str, headers: dict[str, str]
) -> None:
    assert_meta_shaped(GRAPH.handle(method, path, headers, b"{}"))

"""parse_button_reply: every tap shape, awkward ids, and never an exception."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.reference import parse_button_reply


def button_reply(reply_id: object) -> dict:
    return {
        "from": "966500000001",
        "id": "wamid.X",
        "type": "interactive",
        "interactive": {"type": "button_reply", "button_reply": {"id": reply_id, "title": "قبول"}},
    }


@pytest.mark.parametrize(
    ("reply_id", "expected"),
    [
        ("opp:42:accept", {"kind": "opportunity", "action": "accept", "opportunity_id": "42"}),
        ("opp:42:skip", {"kind": "opportunity", "action": "skip", "opportunity_id": "42"}),
        ("opp:42:draft", {"kind": "opportunity", "action": "draft", "opportunity_id": "42"}),
        ("opp:42:schedule", {"kind": "opportunity", "action": "schedule", "opportunity_id": "42"}),
        ("msg:d-42:approve", {"kind": "draft", "action": "approve", "draft_id": "d-42"}),
        ("msg:d-42:edit", {"kind": "draft", "action": "edit", "draft_id": "d-42"}),
        ("msg:d-42:cancel", {"kind": "draft", "action": "cancel", "draft_id": "d-42"}),
    ],
)
def test_known_reply_ids(reply_id, expected):
    assert parse_button_reply(button_reply(reply_id)) == expected


@pytest.mark.parametrize(
    "opportunity_id",
    ["فرصة-٢٠٢٤-رياض", "2024-07-15", "a:b:c", "urn:crm:opp:77", "x-ي-1:٣", ":", "opp"],
)
def test_awkward_opportunity_ids_round_trip(opportunity_id):
    parsed = parse_button_reply(button_reply(f"opp:{opportunity_id}:draft"))

    assert parsed == {"kind": "opportunity", "action": "draft", "opportunity_id": opportunity_id}


def test_list_reply_ids_are_read():
    message = {
        "from": "966500000001",
        "id": "wamid.L",
        "type": "interactive",
        "interactive": {"type": "list_reply", "list_reply": {"id": "opp:7:skip", "title": "x"}},
    }

    assert parse_button_reply(message) == {
        "kind": "opportunity",
        "action": "skip",
        "opportunity_id": "7",
    }


def test_template_quick_reply_payload_is_read():
    message = {
        "from": "966500000001",
        "id": "wamid.Q",
        "type": "button",
        "button": {"payload": "msg:d-7:approve", "text": "اعتماد"},
    }

    assert parse_button_reply(message) == {"kind": "draft", "action": "approve", "draft_id": "d-7"}


@pytest.mark.parametrize(
    "reply_id",
    [
        "",
        "opp",
        "opp:",
        "opp::accept",
        "opp:42",
        "opp:42:delete",
        "opp:42:Accept",
        "msg:42:accept",
        "opp:42:approve",
        "xyz:42:accept",
        "confirm:A12",
        "OPP:42:accept",
    ],
)
def test_unknown_reply_ids_are_none(reply_id):
    assert parse_button_reply(button_reply(reply_id)) is None


JUNK = [
    None,
    42,
    "opp:1:accept",
    [],
    {},
    {"type": "text", "text": {"body": "opp:1:accept"}},
    {"type": "interactive"},
    {"type": "interactive", "interactive": None},
    {"type": "interactive", "interactive": {"type": "button_reply"}},
    {"type": "interactive", "interactive": {"type": "button_reply", "button_reply": "opp"}},
    {"type": "interactive", "interactive": {"type": "nfm_reply", "nfm_reply": {"id": "x"}}},
    {"type": "button", "button": {"text": "قبول"}},
    {"type": "button", "button": ["opp:1:accept"]},
    {"type": "unsupported", "errors": [{"code": 131051}]},
    button_reply(None),
    button_reply(7),
    button_reply(["opp:1:accept"]),
]


@pytest.mark.parametrize("message", JUNK)
def test_junk_is_none_not_an_exception(message):
    assert parse_button_reply(message) is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(
    message=json_values
    | st.builds(button_reply, json_values | st.text())
    | st.builds(lambda p: {"type": "button", "button": {"payload": p}}, st.text())
)
def test_parse_never_raises(message):
    result = parse_button_reply(message)

    assert result is None or result["kind"] in {"opportunity", "draft"}

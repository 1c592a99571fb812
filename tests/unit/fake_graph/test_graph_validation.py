"""Send-body limits: each boundary on both sides, with Meta's code and details."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest

from harness.errors import CheckFailed
from harness.fake_graph import assert_conforms, conforms, iter_violations

ARABIC = "اعتماد"  # 6 code points, 12 UTF-8 bytes
EMOJI = "👍"  # 1 code point, 2 UTF-16 units, 4 UTF-8 bytes


def only(body: Any) -> tuple[str, str, int, str]:
    found = list(iter_violations(body))
    assert len(found) == 1, found
    v = found[0]
    return v.json_path, v.rule, v.code, v.details


def test_valid_bodies_conform(bodies):
    for body in (
        bodies.text(),
        bodies.buttons(),
        bodies.list_(),
        bodies.template(),
        bodies.mark_read(),
    ):
        assert list(iter_violations(body)) == []
        assert conforms(body)


def test_three_buttons_pass_four_fail(bodies):
    assert conforms(bodies.buttons("A", "B", "C"))
    path, rule, code, details = only(bodies.buttons("A", "B", "C", "D"))
    assert (path, rule, code) == ("$.interactive.action.buttons", "button_count", 131009)
    assert details == "Param interactive['action']['buttons'] must have at most 3 items"


def test_zero_buttons_fail(bodies):
    body = bodies.buttons("A")
    body["interactive"]["action"]["buttons"] = []
    assert only(body)[1:3] == ("button_count", 131009)


@pytest.mark.parametrize(
    ("ok_title", "long_title"),
    [
        ("a" * 20, "a" * 21),
        (ARABIC * 3 + "ab", ARABIC * 3 + "abc"),
        (EMOJI * 20, EMOJI * 21),
    ],
    ids=["ascii", "arabic", "emoji"],
)
def test_button_title_counts_code_points(bodies, ok_title, long_title):
    assert len(ok_title) == 20
    assert conforms(bodies.buttons(ok_title, "Other"))
    path, rule, code, details = only(bodies.buttons(long_title, "Other"))
    assert path == "$.interactive.action.buttons[0].reply.title"
    assert (rule, code) == ("button_title_length", 131009)
    assert details == "Button title length invalid. Min length: 1, Max length: 20"


def test_jsonschema_counts_code_points_like_python():
    # The fake's limits rely on this: jsonschema's maxLength is len() on str, not UTF-16.
    schema = {"type": "string", "maxLength": 20}
    assert jsonschema.Draft202012Validator(schema).is_valid(EMOJI * 20)
    assert not jsonschema.Draft202012Validator(schema).is_valid(EMOJI * 21)
    assert len((EMOJI * 20).encode("utf-16-le")) // 2 == 40


def test_empty_button_title_fails(bodies):
    assert only(bodies.buttons("", "Other"))[1:3] == ("button_title_length", 131009)


def test_duplicate_button_titles_fail(bodies):
    path, rule, code, details = only(bodies.buttons("Yes", "Yes"))
    assert path == "$.interactive.action.buttons[1].reply.title"
    assert (rule, code, details) == (
        "button_titles_unique",
        131009,
        "Buttons titles must be unique",
    )


def test_duplicate_button_ids_fail(bodies):
    path, rule, code, _ = only(bodies.buttons("Yes", "No", ids=["same", "same"]))
    assert (path, rule, code) == (
        "$.interactive.action.buttons[1].reply.id",
        "button_ids_unique",
        131009,
    )


def test_button_id_256_passes_257_fails(bodies):
    assert conforms(bodies.buttons("Yes", ids=["x" * 256]))
    path, rule, code, details = only(bodies.buttons("Yes", ids=["x" * 257]))
    assert (path, rule, code) == (
        "$.interactive.action.buttons[0].reply.id",
        "button_id_length",
        131009,
    )
    assert "Max length: 256" in details


@pytest.mark.parametrize("button_id", [" padded", "padded ", "\tpadded"])
def test_button_id_with_outer_spaces_fails(bodies, button_id):
    assert only(bodies.buttons("Yes", ids=[button_id]))[1:3] == ("button_id_spaces", 131009)


def test_interactive_body_1024_passes_1025_fails(bodies):
    body = bodies.buttons()
    body["interactive"]["body"]["text"] = "b" * 1024
    assert conforms(body)
    body["interactive"]["body"]["text"] = "b" * 1025
    path, rule, code, _ = only(body)
    assert (path, rule, code) == ("$.interactive.body.text", "body_text_length", 131009)


def test_empty_interactive_body_text_fails(bodies):
    body = bodies.buttons()
    body["interactive"]["body"]["text"] = ""
    assert only(body)[1:3] == ("body_text_length", 131009)


def test_missing_interactive_body_is_code_100(bodies):
    body = bodies.buttons()
    del body["interactive"]["body"]
    path, rule, code, details = only(body)
    assert (path, rule, code) == ("$.interactive.body", "required", 100)
    assert details == "The parameter interactive['body'] is required."


def test_text_4096_passes_4097_fails(bodies):
    assert conforms(bodies.text("t" * 4096))
    path, rule, code, details = only(bodies.text("t" * 4097))
    assert (path, rule, code) == ("$.text.body", "text_body_length", 131009)
    assert details == "Param text['body'] must be at most 4096 characters long"


def test_empty_text_body_fails(bodies):
    assert only(bodies.text(""))[1:3] == ("text_body_length", 131009)


def test_header_60_passes_61_fails(bodies):
    body = bodies.buttons()
    body["interactive"]["header"]["text"] = "h" * 60
    assert conforms(body)
    body["interactive"]["header"]["text"] = "h" * 61
    path, rule, code, _ = only(body)
    assert (path, rule, code) == ("$.interactive.header.text", "header_text_length", 131009)


def test_footer_61_fails(bodies):
    body = bodies.buttons()
    body["interactive"]["footer"]["text"] = "f" * 61
    assert only(body)[1:3] == ("footer_text_length", 131009)


def test_list_ten_rows_across_sections_pass_eleven_fail(bodies):
    assert conforms(bodies.list_(5, 5))
    path, rule, code, details = only(bodies.list_(5, 6))
    assert (path, rule, code) == ("$.interactive.action.sections", "list_total_rows", 131009)
    assert details == "Total row count exceed max allowed count: 10"


def test_list_row_limits(bodies):
    body = bodies.list_(1)
    row = body["interactive"]["action"]["sections"][0]["rows"][0]
    row.update(title="r" * 24, id="i" * 200, description="d" * 72)
    assert conforms(body)
    for field, rule in (("title", "row_title_length"), ("id", "row_id_length")):
        broken = copy.deepcopy(body)
        broken["interactive"]["action"]["sections"][0]["rows"][0][field] += "x"
        assert only(broken)[1:3] == (rule, 131009)
    row["title"] = "r" * 25
    assert only(body)[3] == "Row title is too long. Max length is 24"


def test_list_opener_and_section_limits(bodies):
    body = bodies.list_(1)
    body["interactive"]["action"]["button"] = "b" * 21
    assert only(body)[1:3] == ("list_button_length", 131009)
    many = bodies.list_(*([1] * 11))
    assert any(v.rule == "section_count" for v in iter_violations(many))


def test_section_titles_required_only_with_several_sections(bodies):
    single = bodies.list_(2)
    del single["interactive"]["action"]["sections"][0]["title"]
    assert conforms(single)
    double = bodies.list_(1, 1)
    del double["interactive"]["action"]["sections"][1]["title"]
    path, rule, code, _ = only(double)
    assert (path, rule, code) == (
        "$.interactive.action.sections[1].title",
        "section_titles_required",
        131008,
    )


def test_unknown_fields_are_code_100(bodies):
    body = bodies.buttons()
    body["interactive"]["action"]["colour"] = "red"
    body["extra"] = 1
    found = {(v.json_path, v.code) for v in iter_violations(body)}
    assert found == {("$.interactive.action.colour", 100), ("$.extra", 100)}


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [("messaging_product", "sms", 100), ("type", "hologram", 100), ("to", "not a number", 100)],
)
def test_wrong_top_level_values(bodies, field, value, code):
    body = bodies.text()
    body[field] = value
    found = list(iter_violations(body))
    assert found
    assert found[0].code == code
    assert found[0].json_path == f"$.{field}"


@pytest.mark.parametrize("field", ["messaging_product", "to", "type"])
def test_missing_top_level_fields_are_code_100(bodies, field):
    body = bodies.text()
    del body[field]
    found = list(iter_violations(body))
    assert (found[0].json_path, found[0].code, found[0].rule) == (f"$.{field}", 100, "required")


def test_non_object_body_is_code_100():
    assert only([1, 2])[2] == 100


def test_assert_conforms_lists_every_violation(bodies):
    body = bodies.buttons("Same", "Same", "x" * 21, "D")
    with pytest.raises(CheckFailed) as caught:
        assert_conforms(body)
    message = str(caught.value)
    assert "Buttons titles must be unique" in message
    assert "$.interactive.action.buttons[2].reply.title" in message
    assert "must have at most 3 items" in message
    assert_conforms(bodies.buttons())

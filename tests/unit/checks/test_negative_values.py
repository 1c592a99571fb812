"""The negative battery's wrong values: each differs from the right one, as documented."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.checks.negative_values import (
    ID_VARIANTS,
    NUMBER_VARIANTS,
    PARSER_STRUCTURAL,
    TOKEN_VARIANTS,
    changed_reply_id,
    split_reply_id,
)
from harness.reference import parse_button_reply

# Tokens Meta's dashboard takes: printable, no spaces at the ends.
TOKENS = st.text(st.characters(min_codepoint=33, max_codepoint=0x2FFF), min_size=1, max_size=64)


@given(TOKENS)
def test_no_token_variant_is_the_token(token: str) -> None:
    for name, derive in TOKEN_VARIANTS.items():
        wrong = derive(token)
        assert wrong != token, name


def test_token_variants_have_the_documented_shape() -> None:
    token = "wa-Verify-1234"
    assert {name: derive(token) for name, derive in TOKEN_VARIANTS.items()} == {
        "empty": "",
        "first-half": "wa-Veri",
        "last-half": "fy-1234",
        "other-case": "WA-vERIFY-1234",
        "padded": " wa-Verify-1234 ",
        "extended": "wa-Verify-12340",
    }
    assert TOKEN_VARIANTS["other-case"]("00000000") is None


@pytest.mark.parametrize("reply_id", ["opp:opp-6006:draft", "msg:d-x:y:approve", "opp:h-ab:skip"])
def test_every_reply_id_variant_differs_and_keeps_its_parts(reply_id: str) -> None:
    kind, key, action = split_reply_id(reply_id)
    assert f"{kind}:{key}:{action}" == reply_id
    changed = {name: changed_reply_id(reply_id, name) for name in ID_VARIANTS}
    assert reply_id not in changed.values()
    assert len(set(changed.values())) == len(changed)


def test_reply_id_variants_have_the_documented_shape() -> None:
    shown = {name: changed_reply_id("opp:K1:draft", name) for name in ID_VARIANTS}
    assert shown == {
        "extra-segment": "opp:K1:draft:x",
        "inserted-segment": "opp:K1:x:draft",
        "action-missing": "opp:K1",
        "action-empty": "opp:K1:",
        "shortened-id": "opp:K:draft",
        "extended-id": "opp:K10:draft",
        "other-kind": "msg:K1:draft",
        "unknown-id": "opp:h-" + "0" * 32 + ":draft",
        "upper-action": "opp:K1:DRAFT",
        "upper-kind": "OPP:K1:draft",
        "padded": " opp:K1:draft ",
    }


@pytest.mark.parametrize("variant", PARSER_STRUCTURAL)
@pytest.mark.parametrize("reply_id", ["opp:opp-1:accept", "msg:d-opp-1:approve", "opp:a:b:skip"])
def test_the_reference_parser_gives_the_parser_variants_no_decision(
    variant: str, reply_id: str
) -> None:
    message = {
        "type": "interactive",
        "interactive": {
            "type": "button_reply",
            "button_reply": {"id": changed_reply_id(reply_id, variant), "title": "x"},
        },
    }
    assert parse_button_reply(message) is None


def test_number_variants_keep_or_break_the_documented_parts() -> None:
    operator = "966501234567"
    local = NUMBER_VARIANTS["same-local-number"](operator)
    assert local != operator
    assert local[-9:] == operator[-9:]
    assert NUMBER_VARIANTS["longer-number"](operator).startswith(operator)
    assert operator.startswith(NUMBER_VARIANTS["shorter-number"](operator))
    assert NUMBER_VARIANTS["same-local-number"]("971501234567") != "971501234567"

"""A check's typed state: each reader of a part no step set names a real step to add."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from harness.checks.check_state import (
    Answers,
    Cards,
    CheckState,
    ControlCall,
    Operator,
    Parsed,
)
from harness.checks.vocabulary import is_known
from harness.errors import CheckFailed, HarnessError
from harness.targets.transport import HttpAnswer
from harness.webhooks.delivery import Delivery, HandshakeAnswer

HINT = re.compile(r"in this check: add a step such as '(Given|When|Then) (.+)' before this one$")


def _readers(state: CheckState) -> dict[str, Callable[[], Any]]:
    return {
        "operator": state.require_operator,
        "opportunity": state.cards.require_opportunity,
        "last card": state.cards.require_last,
        "received cards": state.cards.require_received,
        "built cards": state.cards.require_built,
        "drafts": state.cards.require_drafts,
        "handshake": state.answers.require_handshake,
        "answer": state.answers.require_answer,
        "delivery": state.answers.require_delivery,
        "replay": state.answers.require_replay,
        "since": state.require_since,
        "message": state.require_message,
        "parsed": state.require_parsed,
    }


@pytest.mark.parametrize("part", list(_readers(CheckState())))
def test_reading_what_no_step_set_names_a_known_step_that_sets_it(part: str):
    with pytest.raises(HarnessError) as raised:
        _readers(CheckState())[part]()
    # An error, not a failure: the scenario is incomplete, the implementation is not wrong.
    assert not isinstance(raised.value, CheckFailed)
    hint = HINT.search(str(raised.value))
    assert hint is not None, str(raised.value)
    keyword, text = hint.groups()
    assert is_known(keyword.lower(), text), f"{keyword} {text} is not a step"


def test_each_reader_answers_what_its_step_recorded():
    card = {"type": "interactive"}
    handshake = HandshakeAnswer(status=200, body=b"123", challenge="123")
    delivery = Delivery("POST", "/webhook", b"{}", {}, HttpAnswer(status=200, body=b""))
    parsed = Parsed({"type": "text"}, None)
    operator = Operator(name="سالم", wa_id="966500000002")
    state = CheckState(
        operator=operator,
        cards=Cards(
            opportunity={"id": "opp-1"},
            received={"opp-1": card},
            last=card,
            built=[card],
            drafts=[{"id": "d-1"}],
        ),
        answers=Answers(answer=handshake, delivery=delivery, replay=[("a.json", 200)]),
        since=4,
        message={"type": "text"},
        parsed=parsed,
    )
    assert state.require_operator() is operator
    assert state.cards.require_opportunity() == {"id": "opp-1"}
    assert state.cards.require_last() is card
    assert state.cards.require_received() == [card]
    assert state.cards.require_built() == [card]
    assert state.cards.require_drafts() == [{"id": "d-1"}]
    assert state.answers.require_handshake() is handshake
    assert state.answers.require_answer() is handshake
    assert state.answers.require_delivery() is delivery
    assert state.answers.require_replay() == [("a.json", 200)]
    assert state.require_since() == 4
    assert state.require_message() == {"type": "text"}
    assert state.require_parsed() is parsed


def test_a_parse_that_answered_none_still_counts_as_parsed():
    state = CheckState(parsed=Parsed({"type": "text"}, None))
    assert state.require_parsed().answer is None


def test_an_http_control_answer_is_no_handshake():
    state = CheckState(answers=Answers(answer=HttpAnswer(status=400, body=b"{}")))
    assert state.answers.require_answer().status == 400
    with pytest.raises(HarnessError, match="no verify-token handshake was sent"):
        state.answers.require_handshake()


def test_a_username_operator_is_notified_by_the_phone_meta_hides_from_the_business():
    user = Operator(name="سالم", wa_id="SA.1", phone="966500000002", username="@salem")
    assert user.webhook_number == "966500000002"
    assert Operator(name="سالم", wa_id="966500000003").webhook_number == "966500000003"


def test_zero_is_a_mark_and_an_empty_list_is_a_replay():
    state = CheckState(since=0, answers=Answers(replay=[], control=ControlCall(raised="E: x")))
    assert state.require_since() == 0
    assert state.answers.require_replay() == []

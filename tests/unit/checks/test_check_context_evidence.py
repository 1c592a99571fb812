"""What a check's context writes down: typed records, each step with the sends it caused."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from harness.checks import actions
from harness.checks.check_context import CheckContext
from harness.evidence import ControlCommand, Delivered, Note
from harness.settings import build_settings
from harness.world import World


@pytest.fixture
def world() -> Iterator[World]:
    """The bundled reference, opened as a graded run opens it."""
    opened = World(build_settings(env={}))
    opened.open()
    try:
        yield opened
    finally:
        opened.close()


def test_a_presented_card_and_a_tap_are_recorded_with_the_sends_they_caused(world: World):
    with CheckContext.opened(world, "EVI-001") as check:
        operator = actions.ensure_operator(check)
        card = actions.present(check, "opp-1")
        actions.tap(check, "draft")
        check.note("fake Graph API", "the clock moved", None)
    opt_in, present, tap, note = check.evidence[:4]
    assert isinstance(opt_in, ControlCommand)
    assert (opt_in.command, opt_in.arguments["wa_id"], opt_in.caused) == ("opt_in", operator, ())
    assert isinstance(present, ControlCommand)
    assert present.command == "present_opportunity"
    assert present.arguments["opportunity"]["id"] == "opp-1"
    # Each caused send is its journal index with its line, from one read of the journal.
    (sent,) = present.caused
    (attempt,) = [a for a in world.fake.attempts if a.index == sent.index]
    assert attempt.payload == card
    assert sent.summary.startswith(f"to operator {operator}: card «")
    assert isinstance(tap, Delivered)
    assert (tap.method, tap.path, tap.signature, tap.answer.status) == (
        "POST",
        "/webhook",
        "valid",
        200,
    )
    assert tap.decoded["entry"][0]["changes"][0]["value"]["messages"][0]["type"] == "interactive"
    assert tap.body.startswith('{"object":"whatsapp_business_account"')
    assert [c.summary.split(":")[0] for c in tap.caused] == [f"to operator {operator}"]
    assert tap.caused[0].index > sent.index
    assert note == Note("fake Graph API", "the clock moved", None)


def test_a_failed_present_is_explained_from_the_recorded_answer(world: World):
    with CheckContext.opened(world, "EVI-002") as check:
        actions.ensure_operator(check)
        answer = check.control("present_opportunity", operator="000", opportunity={"id": "o"})
        why = actions.why_no_card(check, check.first_attempt, answered=True)
    commands = [e for e in check.evidence if isinstance(e, ControlCommand)]
    (present,) = [c for c in commands if c.command == "present_opportunity"]
    assert present.answer == answer
    shown = json.dumps(answer, ensure_ascii=False)[:200]
    assert why == (
        f"the implementation attempted no send to the operator "
        f"(present_opportunity answered {shown})"
    )

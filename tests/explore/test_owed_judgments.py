"""What a tap owes: the draft card an operator's «رسالة» asks for (EXP-021), also when it
comes batched with another message (EXP-022 in one change's value), judged both ways."""

from __future__ import annotations

import pytest

from harness.checks.conversation_steps import Step
from harness.explore.session import replay
from tests.explore.conftest import settings_for


def draft_tap(who: str, action: str = "tap", last: str = "valid") -> list[Step]:
    """``who`` opted in, presented an opportunity, then their «رسالة» on its card
    (``last``: the tap's signature, or how a batched tap is batched)."""
    return [
        Step("opt_in_operator", (who,)),
        Step("present", ("opp-1", "plain", who)),
        Step(action, (who, 1, 3, last)),
    ]


CORRECT = [
    "harness.reference",
    "tests.sample_targets.bsuid_replies",
    # Sends its cards 100-300 ms after answering, with no settle: the card is waited for.
    "tests.sample_targets.async_reference",
]


@pytest.mark.parametrize("target", CORRECT)
@pytest.mark.parametrize(
    "steps",
    [
        draft_tap("A", "tap", "valid"),
        draft_tap("U", "tap", "valid"),
        draft_tap("U", "tap_batched", "items"),
        draft_tap("A", "tap_batched", "entries"),
    ],
    ids=["phone", "username", "username-in-one-value", "phone-by-entries"],
)
def test_a_correct_target_brings_the_draft_card_a_tap_owes(target: str, steps: list[Step]) -> None:
    assert replay(settings_for(target), steps) == []


def test_a_username_operator_s_dropped_tap_owes_its_draft_card() -> None:
    found = replay(settings_for("tests.sample_targets.drops_username_users"), draft_tap("U"))

    assert [b.rule_id for b in found] == ["EXP-021"]


def test_a_tap_dropped_beside_another_message_in_one_change_is_judged_at_rpl_012_level() -> None:
    target = settings_for("tests.sample_targets.first_message_per_change")

    in_one_value = replay(target, draft_tap("A", "tap_batched", "items"))
    apart = replay(target, draft_tap("A", "tap_batched", "changes"))

    assert [b.rule_id for b in in_one_value] == ["EXP-022"]
    assert apart == []


def test_a_draft_tap_after_a_first_decision_owes_nothing() -> None:
    # A skip first: whether a later «رسالة» reopens the opportunity the design leaves open.
    steps = [
        Step("opt_in_operator", ("U",)),
        Step("present", ("opp-1", "plain", "U")),
        Step("tap", ("U", 1, 2, "valid")),
        Step("tap", ("U", 1, 3, "valid")),
    ]

    assert replay(settings_for("tests.sample_targets.drops_username_users"), steps) == []

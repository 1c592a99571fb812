"""On correct implementations built differently, exploration reports nothing."""

from __future__ import annotations

import shutil

import pytest

from harness.checks.conversation_steps import Step
from harness.checks.forged_senders import SENDER_VARIANTS
from harness.checks.negative_values import ID_VARIANTS
from harness.explore.search import explore
from harness.explore.session import replay
from harness.settings import build_settings
from tests.cli_support import free_port
from tests.explore.conftest import settings_for
from tests.real_libraries.test_real_libraries import whatsapp_api_js_script

# The start of many conversations here: opp-1's prospect opted in, live sending on, and
# operator A holding opp-1's card (card 1).
A_HOLDS_OPP_1 = [
    Step("opt_in_prospect", ("opp-1",)),
    Step("live", ("on",)),
    Step("opt_in_operator", ("A",)),
    Step("present", ("opp-1", "plain", "A")),
]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(
    "target",
    ["harness.reference", "tests.sample_targets.bsuid_replies", "tests.sample_targets.baseline"],
)
def test_a_correct_target_breaks_no_rule(target: str, seed: int) -> None:
    result = explore(settings_for(target, seed), budget_s=3.0, seed=seed)

    assert result.steps > 100, "too few steps to mean anything"
    assert [(f.rule_id, f.text) for f in result.findings] == []
    assert result.dropped == 0


@pytest.mark.slow
def test_a_target_that_acts_after_answering_breaks_no_rule() -> None:
    # It sends 100-300 ms after its 200 and offers no settle: every step waits a window.
    target = settings_for("tests.sample_targets.async_reference")

    result = explore(target, budget_s=20.0, seed=0, max_rounds=2, examples=4)

    assert result.steps > 20
    assert [(f.rule_id, f.text) for f in result.findings] == []


# What pywa really gets wrong, by the rule it breaks (tests/real_libraries/ lists the
# source lines): duplicates are recognised by a hash of the body, so a tap redelivered in
# other bytes is acted on again (RPL-011); a failed status without contacts raises in
# MessageStatus.from_update and is dropped, so its error never reaches the operator
# (FLW-017, FLW-020, BSU-005); the verify handshake ignores hub.mode (HSK-003); of a POST
# only entry[0].changes[0].value.messages[0] is built (RPL-005, RPL-012), so a tap batched
# after another message is never handled: an approval refused there owes its alert
# (EXP-011), a «رسالة» its draft card (EXP-021), in one change's value both are EXP-022,
# and a cancel lost so leaves the draft approvable, so the prospect gets what the
# operator cancelled (EXP-001).
PYWA_TRUTH = {"EXP-001", "EXP-004", "EXP-007", "EXP-020", "EXP-011", "EXP-021", "EXP-022"}


@pytest.mark.slow
def test_a_real_library_is_reported_with_its_known_truth_only() -> None:
    result = explore(settings_for("tests.real_libraries.pywa_flask"), budget_s=20.0, seed=0)

    assert {f.rule_id for f in result.findings} <= PYWA_TRUTH
    assert result.findings, "pywa's known defects went unfound"


def test_a_new_decision_reopens_a_cancelled_draft_even_when_its_card_fails() -> None:
    # Found once as a false EXP-001: accept, cancel, accept again (its card refused with
    # 130429), then approve on the card the operator still holds. The design allows it.
    steps = [
        *A_HOLDS_OPP_1,
        Step("tap", ("A", 1, 1, "valid")),
        Step("fault", (130429,)),
        Step("tap", ("A", 2, 3, "valid")),
        Step("tap", ("A", 1, 1, "valid")),
        Step("tap", ("A", 2, 1, "valid")),
    ]

    assert replay(settings_for("harness.reference"), steps) == []


# Every action the explorer added for Meta's side of a conversation, on correct targets:
# an overlapping redelivery, statuses out of order and batched, handshakes, a reset, an
# operator adopting a username.
META_SIDE = [
    *A_HOLDS_OPP_1,
    Step("tap_at_once", ("A", 1, 3, "other")),
    Step("tap_at_once", ("A", 2, 1, "the same")),
    Step("status_order", (1, "failed after delivered", "captured", "apart")),
    Step("status_order", (1, "read before delivered", "documented", "changes")),
    Step("status_order", (1, "delivered before sent", "captured", "items")),
    Step("handshake", ("right",)),
    Step("handshake", ("padded",)),
    Step("handshake", ("left out",)),
    Step("reset", ()),
    Step("opt_in_operator", ("A",)),
    Step("present", ("opp-1", "plain", "A")),
    # The draft card from before the reset: its draft is forgotten.
    Step("tap", ("A", 2, 1, "valid")),
    Step("redeliver", (3, "other")),
    Step("redeliver", (3, "another batch's")),
    Step("forged_status", (1, "wrong_secret")),
    # An operator who adopted a username and wrote before keeps their number in view.
    Step("adopt_username", ("A",)),
    Step("tap", ("A", 3, 3, "valid")),
    Step("tap_at_once", ("A", 4, 2, "other")),
]


@pytest.mark.parametrize(
    "target",
    [
        "harness.reference",
        "tests.sample_targets.bsuid_replies",
        pytest.param("tests.sample_targets.async_reference", marks=pytest.mark.slow),
    ],
)
def test_meta_side_actions_break_no_rule_of_a_correct_target(target: str) -> None:
    assert replay(settings_for(target), META_SIDE) == []


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_a_cancelled_draft_may_stay_cancelled_after_a_new_decision() -> None:
    # Found once as a false EXP-011 on the Node.js sample, which keeps a cancelled draft
    # cancelled (no new card): its old card's approval is then ignored, as the design allows.
    node = build_settings(
        target=f"http://127.0.0.1:{free_port()}",
        target_cmd="node tests/sample_targets/node/server.js",
        env={},
        seed=1,
    )
    steps = [
        Step("opt_in_operator", ("A",)),
        Step("present", ("opp-1", "plain", "A")),
        Step("tap", ("A", 1, 1, "valid")),
        Step("tap", ("A", 2, 3, "valid")),
        Step("fault_all", (130429,)),
        Step("tap", ("A", 1, 1, "valid")),
        Step("tap", ("A", 2, 1, "valid")),
    ]

    assert replay(node, steps) == []


def _forged_on(card: int) -> list[Step]:
    """Every forged tap on every button of ``card``: the battery's ids and senders."""
    ids = [Step("forged_id", ("A", card, b, v)) for v in ID_VARIANTS for b in (1, 2, 3)]
    return ids + [Step("forged_sender", (card, b, s)) for s in SENDER_VARIANTS for b in (1, 2, 3)]


# Forged taps at every point of the flow, to an operator known by phone and to one known
# only by BSUID, then the flow goes on as if none had come.
FORGED = [
    *A_HOLDS_OPP_1,
    *_forged_on(1),
    Step("tap", ("A", 1, 3, "valid")),
    *_forged_on(2),
    Step("tap", ("A", 2, 1, "valid")),
    *_forged_on(2),
    Step("opt_in_operator", ("U",)),
    Step("present", ("opp-2", "plain", "U")),
    *[Step("forged_sender", (3, b, s)) for s in SENDER_VARIANTS for b in (1, 2, 3)],
    Step("handshake_mode", ("unsubscribe",)),
]


@pytest.mark.parametrize(
    "target",
    [
        "harness.reference",
        "tests.sample_targets.bsuid_replies",
        pytest.param("tests.sample_targets.async_settle", marks=pytest.mark.slow),
    ],
)
def test_forged_taps_break_no_rule_of_a_correct_target(target: str) -> None:
    assert replay(settings_for(target), FORGED) == []


def test_a_new_operator_whose_card_failed_may_act_on_the_opportunity() -> None:
    # Found once as a false EXP-012: opp-1 re-presented to U, whose card Meta refused
    # (130429); U's tap on the opportunity's ids is U's as the new operator, as the
    # design lets a re-presented opportunity go to a new operator.
    steps = [
        Step("opt_in_operator", ("A",)),
        Step("present", ("opp-1", "plain", "A")),
        Step("opt_in_operator", ("U",)),
        Step("fault", (130429,)),
        Step("present", ("opp-1", "plain", "U")),
        Step("tap", ("U", 1, 3, "valid")),
    ]

    assert replay(settings_for("harness.reference", seed=1), steps) == []


@pytest.mark.slow
def test_a_draft_retried_in_the_background_is_not_sent_again_on_a_second_approval() -> None:
    # Found once as EXP-002 on this sample: the refusal alerted, the retry 0.4 s later was
    # accepted, and a second approval sent the draft again. A draft being retried is now
    # out of the operator's reach until its retries end.
    steps = [
        *A_HOLDS_OPP_1,
        Step("tap", ("A", 1, 1, "valid")),
        Step("fault", (130429,)),
        Step("tap", ("A", 2, 1, "valid")),
        Step("tap", ("A", 2, 1, "valid")),
    ]

    assert replay(settings_for("tests.sample_targets.late_backoff"), steps) == []


# What whatsapp-api-js 6.3.0 really gets wrong (tests/real_libraries/ lists the source
# lines): of a POST only entry[0].changes[0] is read and of its messages only messages[0]
# (lib/index.js:511, :515), so a tap batched after a text is never handled (EXP-011,
# EXP-021, EXP-022, and EXP-001 for a cancel lost so), and of several statuses only
# statuses[0] is handled (lib/index.js:564), so a failure batched after another, by
# entries, changes or in one value, reaches no one (EXP-007).
WHATSAPP_API_JS_TRUTH = {"EXP-001", "EXP-007", "EXP-011", "EXP-021", "EXP-022"}


@pytest.mark.slow
def test_whatsapp_api_js_is_reported_with_its_known_truth_only() -> None:
    node = build_settings(
        target=f"http://127.0.0.1:{free_port()}",
        target_cmd=f"node {whatsapp_api_js_script()}",
        env={},
    )

    result = explore(node, budget_s=20.0, seed=0)

    assert {f.rule_id for f in result.findings} <= WHATSAPP_API_JS_TRUTH
    assert result.findings, "whatsapp-api-js's known defects went unfound"


def test_an_approval_on_a_draft_card_handed_on_may_be_ignored_without_alert() -> None:
    # Found once as a false EXP-011 on the reference and the Node.js sample: opp-1 was
    # re-presented to U, who took its draft up; A's approval on the draft card A still
    # holds is a stale card's, which the design lets an implementation ignore silently.
    steps = [
        Step("opt_in_operator", ("A",)),
        Step("present", ("opp-1", "plain", "A")),
        Step("tap", ("A", 1, 3, "valid")),
        Step("opt_in_operator", ("U",)),
        Step("present", ("opp-1", "long", "U")),
        Step("tap", ("U", 3, 3, "valid")),
        Step("tap", ("A", 2, 1, "valid")),
    ]

    assert replay(settings_for("harness.reference", seed=3), steps) == []

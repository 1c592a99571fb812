"""Exploration alone, with no check naming the defect, finds seeded defects in short
conversations, each confirmed by a replay on a fresh target."""

from __future__ import annotations

import pytest

from harness.explore.search import explore
from tests.explore.conftest import settings_for

# target -> the rules a finding may name (the defect breaks one of them first).
DEFECTS = {
    # Its approve with the prospect not opted in writes to them instead of refusing: when
    # the Graph API refuses that send too, what shows is the refusal nobody was told of.
    "harness.examples.cold_outreach": {"INV-003", "EXP-001", "EXP-011"},
    "harness.examples.four_buttons": {"INV-001", "INV-002"},
    # A stranger's tap is acted on: it may bring a card, send the draft, or (a stranger's
    # skip cancelling the draft) leave the operator's approval silently refused.
    # A sender close to the operator (NEG-009's) is a stranger too: EXP-019.
    "tests.sample_targets.anyone_may_approve": {"EXP-012", "EXP-001", "EXP-011", "EXP-019"},
    "tests.sample_targets.approve_sends_twice": {"EXP-002"},
    "tests.sample_targets.cancel_ignored": {"EXP-001"},
    "tests.sample_targets.skip_notifies_prospect": {"EXP-001"},
    "tests.sample_targets.duplicate_acted_twice": {"EXP-004"},
    "tests.sample_targets.live_send_false_is_on": {"EXP-001"},
    "tests.sample_targets.answers_unknown_button": {"EXP-005"},
    "tests.sample_targets.swallows_131047": {"EXP-007"},
    "tests.sample_targets.first_failed_status_only": {"EXP-007"},
    "tests.sample_targets.swallows_send_errors": {"EXP-007"},
    "tests.sample_targets.reserialised_signature": {"EXP-006", "EXP-007"},
    # New ids for each draft of one opportunity: a cancel through one card may silently
    # withdraw the approval offered on another.
    # Its parser strips the counter it appends, so an id no card carries (a counter cut
    # short, shortened-id) is acted on too: EXP-017.
    "tests.sample_targets.unstable_ids": {"EXP-003", "EXP-011", "EXP-017"},
    "tests.sample_targets.schedule_before_accept": {"EXP-013"},
    # Seen through the drafts command: the meeting recorded before any intent; or its
    # confirming text, sent without a check of the answer, failing with no alert.
    "tests.sample_targets.schedule_answers_text": {"EXP-013", "EXP-007"},
    "tests.sample_targets.no_signature_check": {"EXP-006", "EXP-001"},
    # Two overlapping deliveries of one tap both pass a check-then-set deduplication.
    "tests.sample_targets.duplicate_race": {"EXP-004", "EXP-002"},
    # Not here: late_cold_outreach (its send to the prospect who never opted in comes
    # 300 ms after the answer, and it offers no settle, so every step waits out its
    # window). Seed 0 finds it (INV-003) after about 410 steps, 36 s on an idle machine;
    # on a loaded one the search leaves too little of the budget to shrink the finding to
    # 8 steps, so a row bounded by time would pass or fail with the load.
    # Live sending survives the reset between two conversations.
    "tests.sample_targets.reset_keeps_live_send": {"EXP-001"},
    # The verify token compared carelessly: a wrong one has the challenge echoed.
    "tests.sample_targets.any_verify_token": {"EXP-014"},
    "tests.sample_targets.missing_verify_token_accepted": {"EXP-014"},
    "tests.sample_targets.token_anywhere_in_query": {"EXP-014"},
    "tests.sample_targets.token_case_insensitive": {"EXP-014"},
    "tests.sample_targets.token_prefix_compare": {"EXP-014"},
    # Statuses as Meta sends them (out of order, with today's contacts) answered 500.
    # (a failed status it crashes on never reaches the operator: EXP-007)
    "tests.sample_targets.crashes_on_statuses": {"EXP-006", "EXP-007"},
    "tests.sample_targets.crashes_on_status_without_profile": {"EXP-006"},
    # Only the first item of a batch is read: a failure goes unreported, or a tap batched
    # after a text is dropped (its draft card or its refused approval's alert owed; in one
    # change's value EXP-022).
    "tests.sample_targets.batch_first_only": {"EXP-007", "EXP-021", "EXP-011", "EXP-022"},
    # A status with a forged signature is trusted.
    "tests.sample_targets.statuses_unsigned": {"EXP-006"},
    # Deduplicated by a digest of the body: the same tap inside another batch acts again.
    "tests.sample_targets.dedupe_by_body": {"EXP-004"},
    # Signatures anyone could write (SIG-002, NEG-003) taken for Meta's.
    "tests.sample_targets.any_signature_header": {"EXP-006"},
    "tests.sample_targets.digest_prefix_compare": {"EXP-006"},
    "tests.sample_targets.signature_if_present": {"EXP-006"},
    "tests.sample_targets.live_send_default_on": {"EXP-001"},
    "tests.sample_targets.card_never_sent": {"EXP-015"},
    # The username-only operator is never presented to: their card is owed.
    "tests.sample_targets.phone_operators_only": {"EXP-015"},
    "tests.sample_targets.crashes_on_empty_body": {"EXP-016"},
    "tests.sample_targets.operator_not_opted_in": {"INV-003"},
    "tests.sample_targets.urllib_cold_outreach": {"INV-003", "EXP-001", "EXP-011"},
    "tests.sample_targets.silent_block": {"EXP-011"},
    # Judged as FLW-019 judges retries (harness/checks/retries.py).
    "tests.sample_targets.retry_storm": {"EXP-008"},
    "tests.sample_targets.retry_at_once": {"EXP-008"},
    "tests.sample_targets.late_retry_storm": {"EXP-008"},
    # The same storm without settle: every step waits out its late effects.
    "tests.sample_targets.late_retry_storm_unsettled": {"EXP-008"},
    # Retries spaced 0.55 s apart, but seven of them: no bound.
    "tests.sample_targets.retries_without_end": {"EXP-008"},
    # Reply ids made from the title: two opportunities with one title share them.
    "tests.sample_targets.ids_ignore_opportunity": {"EXP-003"},
    # Deduplicated by the body's bytes: a redelivery in other bytes acts again.
    "tests.sample_targets.profile_required_body_dedupe": {"EXP-004"},
    # A tap without a phone (a username user) is dropped: the draft card it owed never
    # comes.
    "tests.sample_targets.drops_username_users": {"EXP-021"},
    # Of one change, only the first message is handled: a tap beside a text is dropped
    # (its draft card or its refused approval's alert owed), at RPL-012's level.
    "tests.sample_targets.first_message_per_change": {"EXP-022"},
    # Cards outside Meta's limits (the invariant rules).
    "tests.sample_targets.empty_body": {"INV-002"},
    "tests.sample_targets.long_title": {"INV-002"},
    "tests.sample_targets.no_body_truncation": {"INV-002"},
    # Reply ids compared carelessly (docs/negative-battery.md): a tap with an id the card
    # never carried brings a card or the draft. Structural variants are EXP-017 (MUST),
    # an id in other case or padded EXP-018 (SHOULD).
    "tests.sample_targets.reply_id_by_position": {"EXP-017"},
    "tests.sample_targets.reply_kind_ignored": {"EXP-017"},
    "tests.sample_targets.reply_id_case_insensitive": {"EXP-018"},
    # A prefix lookup takes a changed key, and also one with a segment inserted before the
    # action (the key then holds ":x"): both EXP-017.
    "tests.sample_targets.record_prefix_lookup": {"EXP-017"},
    # Senders close to the operator taken for them: EXP-019 (SHOULD). A username user is
    # also any other operator of the conversation once Meta hides their phone: EXP-012.
    "tests.sample_targets.sender_by_name": {"EXP-019"},
    "tests.sample_targets.sender_last_digits": {"EXP-019"},
    "tests.sample_targets.sender_only_with_phone": {"EXP-019", "EXP-012"},
    # The handshake answered whatever its hub.mode: EXP-020 (SHOULD).
    "tests.sample_targets.ignores_hub_mode": {"EXP-020"},
}
# Within the 60 s the design allows; the search stops at the first confirmed finding.
BUDGET_S = 45.0


@pytest.mark.slow
@pytest.mark.parametrize("target", sorted(DEFECTS))
def test_exploration_finds_the_seeded_defect(target: str) -> None:
    result = explore(settings_for(target), budget_s=BUDGET_S, seed=0, stop_after=1)

    assert result.findings, f"nothing found in {result.steps} steps"
    finding = result.findings[0]
    assert finding.rule_id in DEFECTS[target], finding
    assert len(finding.steps) <= 8, [s.line() for s in finding.steps]


@pytest.mark.parametrize(
    "target", ["harness.examples.four_buttons", "tests.sample_targets.duplicate_acted_twice"]
)
def test_a_shallow_defect_is_found_in_a_few_seconds(target: str) -> None:
    result = explore(settings_for(target), budget_s=5.0, seed=0, stop_after=1)

    assert result.findings
    assert result.findings[0].rule_id in DEFECTS[target]
    assert len(result.findings[0].steps) <= 4


def test_the_same_seed_finds_the_same_conversation() -> None:
    target = settings_for("tests.sample_targets.duplicate_acted_twice")

    # A budget the search does not run out of while shrinking: a cut by time is not a
    # seed's doing.
    first = explore(target, budget_s=10.0, seed=3, stop_after=1)
    second = explore(target, budget_s=10.0, seed=3, stop_after=1)

    assert first.findings
    assert second.findings
    assert first.findings[0].steps == second.findings[0].steps

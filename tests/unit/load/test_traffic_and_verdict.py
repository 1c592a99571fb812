"""The load traffic and the load verdict, in-process (nothing here imports Locust)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from harness.fake_graph.journal import JournalCounts
from harness.load.plan import LoadPlan
from harness.load.traffic import Traffic
from harness.load.verdict import judge
from harness.results import Outcome
from harness.webhooks.corpus import load_corpus
from harness.webhooks.signing import verify

SECRET = "load-test-app-secret"


def plan() -> LoadPlan:
    return LoadPlan.build(seed=3, operators=2, opportunities=40)


def message_ids(body: bytes) -> list[str]:
    document = json.loads(body)
    return [
        message["id"]
        for entry in document["entry"]
        for change in entry["changes"]
        for message in change["value"].get("messages", [])
    ]


def test_every_notification_is_signed_over_its_exact_bytes_and_ids_are_fresh():
    the_plan = plan()
    traffic = Traffic(
        the_plan, the_plan.opportunities, app_secret=SECRET, corpus=load_corpus(), seed=1
    )
    sent = [traffic.next() for _ in range(300)]
    assert all(verify(n.body, n.signature, SECRET) for n in sent)
    kinds = Counter(n.kind for n in sent)
    assert {"tap", "status", "batch", "corpus", "text"} <= set(kinds)
    first_deliveries = [i for n in sent if n.kind != "redelivery" for i in message_ids(n.body)]
    assert len(first_deliveries) == len(set(first_deliveries))


def test_taps_cover_each_opportunity_once_then_stop():
    the_plan = plan()
    traffic = Traffic(the_plan, the_plan.opportunities[:5], app_secret=SECRET, seed=2)
    taps = [n.tap_id for n in (traffic.next() for _ in range(200)) if n.tap_id]
    assert sorted(taps) == sorted(o.id for o in the_plan.opportunities[:5])
    assert traffic.taps_left == 0


def test_a_share_of_taps_is_doubled_and_redelivered_in_another_batch():
    the_plan = plan()
    traffic = Traffic(
        the_plan,
        the_plan.opportunities,
        app_secret=SECRET,
        duplicate_share=0.5,
        redelivery_share=0.5,
        seed=4,
    )
    sent = [traffic.next() for _ in range(150)]
    taps = [n for n in sent if n.tap_id]
    assert any(n.copies == 2 for n in taps)
    assert any(n.copies == 1 for n in taps)
    redelivered = [n for n in sent if n.kind == "redelivery"]
    assert redelivered
    tap_ids = {i for n in taps for i in message_ids(n.body)}
    for again in redelivered:
        document = json.loads(again.body)
        value = document["entry"][0]["changes"][0]["value"]
        assert value["statuses"]  # other items beside it: a different batch
        assert set(message_ids(again.body)) <= tap_ids
        assert again.body not in {n.body for n in taps}


def test_a_fixed_payload_is_sent_as_is():
    traffic = Traffic(plan(), (), app_secret=SECRET, payload=b'{"object":"x"}')
    assert traffic.next().body == b'{"object":"x"}'


def stats(**overrides):
    base = {
        "requests": 1000,
        "failures": 0,
        "duration_s": 5.0,
        "rate_per_s": 200.0,
        "latency_ms": {"p50": 20, "p95": 60, "p99": 90, "max": 300.0},
        "over_1s": 0,
        "workers": 1,
        "by_status": {"200": 1000},
        "by_kind": {"tap": 3, "tap (duplicate)": 1, "redelivery": 1},
        "timeouts": 0,
        "retries": 0,
        "taps_sent": 4,
        "taps_answered": 4,
    }
    return {**base, **overrides}


def counts(cards: dict[str, int], recipients: dict[str, int]) -> JournalCounts:
    return JournalCounts(
        total=sum(recipients.values()),
        accepted=sum(recipients.values()),
        by_status=Counter({200: sum(recipients.values())}),
        by_recipient=Counter(recipients),
        by_card=Counter(cards),
    )


def outcomes(result) -> dict[str, Outcome]:
    return {check.id: check.outcome for check in result.checks}


BEFORE_CARDS = {f"opp:{n}:accept": 1 for n in range(4)}


def test_one_card_per_unique_tap_passes():
    the_plan = plan()
    operator = the_plan.operators[0]
    before = counts(BEFORE_CARDS, {operator: 4})
    after = counts({**BEFORE_CARDS, **{f"msg:{n}:approve": 1 for n in range(4)}}, {operator: 8})
    result = judge(stats(), before, after, plan=the_plan, prepared=True)
    assert set(outcomes(result).values()) == {Outcome.PASSED}
    assert result.verdict == "pass"
    data = result.to_dict()
    assert {
        "rate_per_s",
        "requests",
        "errors",
        "latency_ms",
        "workers",
        "checks",
        "verdict",
    } <= set(data)


def test_a_tap_acted_on_twice_fails_load_005():
    the_plan = plan()
    operator = the_plan.operators[0]
    before = counts(BEFORE_CARDS, {operator: 4})
    cards = {**BEFORE_CARDS, "msg:0:approve": 2, **{f"msg:{n}:approve": 1 for n in (1, 2, 3)}}
    result = judge(stats(), before, counts(cards, {operator: 9}), plan=the_plan, prepared=True)
    assert outcomes(result)["LOAD-005"] is Outcome.FAILED
    assert result.verdict == "fail"
    assert "msg:0:approve" in next(c.message for c in result.checks if c.id == "LOAD-005")


def test_a_tap_answered_but_never_acted_on_fails_load_005():
    the_plan = plan()
    operator = the_plan.operators[0]
    before = counts(BEFORE_CARDS, {operator: 4})
    after = counts({**BEFORE_CARDS, "msg:0:approve": 1}, {operator: 5})
    result = judge(stats(), before, after, plan=the_plan, prepared=True)
    assert outcomes(result)["LOAD-005"] is Outcome.FAILED


def test_a_send_to_a_stranger_fails_load_006():
    the_plan = plan()
    operator, stranger = the_plan.operators[0], the_plan.strangers[0]
    before = counts(BEFORE_CARDS, {operator: 4})
    after = counts(
        {**BEFORE_CARDS, **{f"msg:{n}:approve": 1 for n in range(4)}},
        {operator: 8, stranger: 1},
    )
    result = judge(stats(), before, after, plan=the_plan, prepared=True)
    assert outcomes(result)["LOAD-006"] is Outcome.FAILED


@pytest.mark.parametrize(
    ("overrides", "failed", "verdict"),
    [
        ({"latency_ms": {"p50": 300, "p95": 900, "p99": 990, "max": 999.0}}, "LOAD-001", "warn"),
        ({"over_1s": 20}, "LOAD-002", "warn"),
        ({"by_status": {"200": 990, "503": 10}}, "LOAD-003", "fail"),
        ({"by_status": {"200": 990, "0": 10}, "timeouts": 10}, "LOAD-004", "fail"),
    ],
)
def test_answers_are_judged_against_meta_guidance(overrides, failed, verdict):
    the_plan = plan()
    operator = the_plan.operators[0]
    before = counts(BEFORE_CARDS, {operator: 4})
    after = counts({**BEFORE_CARDS, **{f"msg:{n}:approve": 1 for n in range(4)}}, {operator: 8})
    result = judge(stats(**overrides), before, after, plan=the_plan, prepared=True)
    assert [c.id for c in result.checks if c.outcome is Outcome.FAILED] == [failed]
    assert result.verdict == verdict


def test_a_target_that_never_used_the_fake_is_not_judged_on_actions():
    the_plan = plan()
    empty = counts({}, {})
    result = judge(stats(), empty, empty, plan=the_plan, prepared=True)
    assert outcomes(result)["LOAD-005"] is Outcome.SKIPPED
    assert outcomes(result)["LOAD-006"] is Outcome.SKIPPED

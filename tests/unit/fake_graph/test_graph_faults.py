"""Fault presets and triggers, applied by FakeGraph to valid sends."""

from __future__ import annotations

import pytest
from graph_test_data import USER

from harness.errors import UsageError
from harness.fake_graph import FaultRule
from harness.fake_graph.faults import FaultBook, fault_for_code, presets_by_code

OTHER = "447700900123"


def failed_codes(fake):
    owed = fake.take_owed_notifications()
    return [n["entry"][0]["changes"][0]["value"]["statuses"][0]["errors"][0]["code"] for n in owed]


@pytest.mark.parametrize(
    ("rule", "status", "code", "type_"),
    [
        (FaultRule("rate_limit"), 400, 130429, "OAuthException"),
        (FaultRule("rate_limit", http_status=429), 429, 130429, "OAuthException"),
        (FaultRule("pair_rate_limit"), 400, 131056, "OAuthException"),
        (FaultRule("reengagement", where="sync"), 400, 131047, "OAuthException"),
        (FaultRule("auth"), 401, 190, "OAuthException"),
        (FaultRule("server_error"), 500, 2, "GraphMethodException"),
        (FaultRule("server_error", code=131000), 500, 131000, "OAuthException"),
    ],
    ids=lambda value: value.to_dict().__repr__() if isinstance(value, FaultRule) else None,
)
def test_sync_error_presets(fake, post, bodies, rule, status, code, type_):
    fake.add_fault(rule)
    reply = post(bodies.text())
    assert reply.status == status
    assert (reply.body["error"]["code"], reply.body["error"]["type"]) == (code, type_)
    attempt = fake.attempts[-1]
    assert (attempt.fault, attempt.accepted, attempt.wamid) == (rule.preset, False, None)
    assert fake.take_owed_notifications() == []


def test_pair_rate_limit_message_names_the_pair(fake, post, bodies):
    fake.add_fault(FaultRule("pair_rate_limit"))
    message = post(bodies.text()).body["error"]["message"]
    assert message == "(#131056) (Business Account, Consumer Account) pair rate limit hit"


@pytest.mark.parametrize(
    ("rule", "code"),
    [(FaultRule("undeliverable"), 131026), (FaultRule("reengagement"), 131047)],
    ids=["undeliverable", "reengagement"],
)
def test_async_presets_accept_then_owe_a_failed_status(fake, post, bodies, rule, code):
    fake.add_fault(rule)
    reply = post(bodies.text())
    assert reply.status == 200
    attempt = fake.attempts[-1]
    assert attempt.accepted
    assert attempt.fault == rule.preset
    assert attempt.wamid == reply.body["messages"][0]["id"]
    assert failed_codes(fake) == [code]


def test_delay_then_normal_answer(fake, post, bodies):
    fake.add_fault(FaultRule("delay", seconds=0.25))
    reply = post(bodies.text())
    assert (reply.status, reply.delay_s, reply.hang_s) == (200, 0.25, None)
    assert fake.attempts[-1].fault == "delay"


def test_delay_default_comes_from_the_preset(fake, post, bodies):
    fake.add_fault(FaultRule("delay"))
    assert post(bodies.text()).delay_s == 1.0


def test_no_answer_hangs(fake, post, bodies):
    fake.add_fault(FaultRule("no_answer"))
    reply = post(bodies.text())
    assert reply.hang_s == 30.0
    attempt = fake.attempts[-1]
    assert (attempt.status, attempt.accepted, attempt.fault) == (0, False, "no_answer")


def test_trigger_always(fake, post, bodies):
    fake.add_fault(FaultRule("rate_limit"))
    assert [post(bodies.text()).status for _ in range(3)] == [400, 400, 400]


def test_trigger_next_n(fake, post, bodies):
    fake.add_fault(FaultRule("rate_limit", trigger="next", n=2))
    assert [post(bodies.text()).status for _ in range(4)] == [400, 400, 200, 200]


def test_trigger_every_nth(fake, post, bodies):
    fake.add_fault(FaultRule("server_error", trigger="every", n=3))
    assert [post(bodies.text()).status for _ in range(6)] == [200, 200, 500, 200, 200, 500]


def test_trigger_recipient(fake, post, bodies):
    fake.open_window(OTHER)
    fake.add_fault(FaultRule("auth", trigger="recipient", recipient="+44 7700 900123"))
    assert post(bodies.text()).status == 200
    assert post(bodies.text(to="+" + OTHER)).status == 401


def test_recipient_narrows_next(fake, post, bodies):
    fake.open_window(OTHER)
    fake.add_fault(FaultRule("rate_limit", trigger="next", n=1, recipient=OTHER))
    statuses = [post(bodies.text(to=to)).status for to in (USER, OTHER, OTHER)]
    assert statuses == [200, 400, 200]


def test_faults_skip_invalid_bodies_and_mark_read(fake, post, bodies):
    fake.add_fault(FaultRule("rate_limit", trigger="next", n=1))
    assert post(bodies.buttons("A", "A")).body["error"]["code"] == 131009
    assert post(bodies.mark_read()).status == 200
    assert post(bodies.text()).status == 400


def test_clear_faults(fake, post, bodies):
    fake.add_fault(FaultRule("auth"))
    fake.clear_faults()
    assert post(bodies.text()).status == 200


def test_first_firing_rule_wins_and_all_count():
    book = FaultBook()
    book.add(FaultRule("auth", trigger="every", n=2))
    book.add(FaultRule("rate_limit"))
    picked = [book.pick(USER).preset for _ in range(4)]
    assert picked == ["rate_limit", "auth", "rate_limit", "auth"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"preset": "explode"}, "valid presets: rate_limit, pair_rate_limit"),
        ({"preset": "auth", "trigger": "sometimes"}, "valid: always, next, every, recipient"),
        ({"preset": "auth", "trigger": "next"}, "needs n"),
        ({"preset": "auth", "trigger": "every", "n": 0}, "needs n"),
        ({"preset": "auth", "trigger": "recipient"}, "needs recipient"),
        ({"preset": "auth", "n": 3}, "not 'always'"),
        ({"preset": "rate_limit", "http_status": 503}, "choose one of: 400, 429"),
        ({"preset": "auth", "http_status": 429}, "takes no options"),
        ({"preset": "server_error", "code": 131009}, "choose one of: 2, 131000"),
        ({"preset": "reengagement", "where": "later"}, "choose one of: async, sync"),
        ({"preset": "delay", "seconds": -1}, "seconds must be a number >= 0"),
    ],
)
def test_bad_rules_fail_early_with_the_valid_choices(kwargs, message):
    with pytest.raises(UsageError, match=message):
        FaultRule(**kwargs)


def test_from_dict_round_trip_and_unknown_fields():
    rule = FaultRule.from_dict({"preset": "rate_limit", "trigger": "next", "n": 2})
    assert rule == FaultRule("rate_limit", trigger="next", n=2)
    assert FaultRule.from_dict(rule.to_dict()) == rule
    with pytest.raises(UsageError, match="unknown fault field"):
        FaultRule.from_dict({"preset": "auth", "colour": "red"})
    with pytest.raises(UsageError, match="needs a preset"):
        FaultRule.from_dict({"trigger": "always"})


def test_each_error_code_names_the_preset_that_answers_with_it() -> None:
    table = presets_by_code()
    assert table[130429] == ("rate_limit", None)
    assert table[131047] == ("reengagement", None)
    assert table[131000] == ("server_error", 131000)
    assert fault_for_code(131000).effect().error_key == "131000"
    with pytest.raises(UsageError, match="codes the fake answers with: 130429"):
        fault_for_code(999999)

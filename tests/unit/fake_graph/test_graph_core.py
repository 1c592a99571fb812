"""FakeGraph routing, auth, success, recording, the 24 h window, status webhooks, reset."""

from __future__ import annotations

import json

import pytest
from graph_test_data import MESSAGES_PATH, PHONE_ID, TOKEN, USER, send

from harness.clock import Clock
from harness.cloud_api.envelope import BusinessNumber
from harness.errors import UsageError
from harness.fake_graph import FakeGraph, FaultRule

DAY = 24 * 60 * 60


def statuses(notifications):
    return [n["entry"][0]["changes"][0]["value"]["statuses"][0] for n in notifications]


def test_success_echoes_input_and_digits(post, bodies):
    reply = post(bodies.text(to="+1 (555) 123-0000"))
    assert reply.status == 200
    assert reply.body["messaging_product"] == "whatsapp"
    assert reply.body["contacts"] == [{"input": "+1 (555) 123-0000", "wa_id": USER}]
    (message,) = reply.body["messages"]
    assert message["id"].startswith("wamid.")
    assert "message_status" not in message


def test_template_success_has_message_status(post, bodies):
    assert post(bodies.template()).body["messages"][0]["message_status"] == "accepted"


def test_mark_read_answers_success(post, bodies, fake):
    reply = post(bodies.mark_read())
    assert (reply.status, reply.body) == (200, {"success": True})
    assert fake.attempts[0].recipient is None


def test_wamids_are_deterministic_for_a_seed(bodies):
    def run(seed):
        graph = FakeGraph(access_token=TOKEN, seed=seed, clock=Clock(0))
        graph.open_window(USER)
        raw = json.dumps(bodies.text()).encode()
        headers = {"Authorization": f"Bearer {TOKEN}"}
        return [graph.handle("POST", MESSAGES_PATH, headers, raw).body for _ in range(2)]

    assert run(1) == run(1)
    assert run(1) != run(2)
    first, second = run(1)
    assert first["messages"][0]["id"] != second["messages"][0]["id"]


@pytest.mark.parametrize("token", [None, "wrong-token", ""])
def test_missing_or_wrong_token_is_401_code_190(post, bodies, token):
    reply = post(bodies.text(), token=token)
    assert reply.status == 401
    error = reply.body["error"]
    assert (error["code"], error["type"]) == (190, "OAuthException")
    assert "error_data" not in error
    assert error["fbtrace_id"]


def test_token_in_query_string_is_accepted_and_not_recorded(fake, bodies):
    raw = json.dumps(bodies.text()).encode()
    reply = fake.handle("POST", f"{MESSAGES_PATH}?access_token={TOKEN}", {}, raw)
    assert reply.status == 200
    assert fake.attempts[0].path == MESSAGES_PATH


def test_unknown_phone_number_id_is_code_100(post, bodies):
    reply = post(bodies.text(), path="/v21.0/999999/messages")
    assert reply.status == 400
    error = reply.body["error"]
    assert (error["code"], error["type"]) == (100, "GraphMethodException")
    assert error["message"].startswith("Unsupported post request. Object with ID '999999'")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", f"/21.0/{PHONE_ID}/messages"),
        ("POST", f"/v21/{PHONE_ID}/messages"),
        ("POST", f"/v21.0/{PHONE_ID}/media"),
        ("GET", "/v21.0/me"),
        ("GET", MESSAGES_PATH),
    ],
)
def test_other_routes_are_graph_errors(post, bodies, method, path):
    reply = post(bodies.text(), path=path, method=method)
    assert reply.status == 400
    assert reply.body["error"]["code"] == 100
    assert reply.body["error"]["fbtrace_id"]


@pytest.mark.parametrize("raw", [b"", b"  ", b"not json", b"[1]", b'"text"', b"null"])
def test_body_not_a_json_object_is_code_100(post, raw):
    reply = post(raw)
    assert (reply.status, reply.body["error"]["code"]) == (400, 100)


def test_violation_answer_uses_first_violation_and_keeps_all(post, bodies, fake):
    reply = post(bodies.buttons("Same", "Same", "x" * 21))
    error = reply.body["error"]
    assert reply.status == 400
    assert error["message"] == "(#131009) Parameter value is not valid"
    attempt = fake.attempts[0]
    assert error["error_data"]["details"] == attempt.violations[0].details
    assert len(attempt.violations) == 2
    assert not attempt.accepted
    assert attempt.wamid is None


def test_missing_field_answer_is_code_100_naming_the_parameter(post, bodies):
    # Meta: "(#100) The parameter messaging_product is required.", no error_data (CAP-I).
    body = bodies.text()
    del body["text"]
    error = post(body).body["error"]
    assert (error["code"], error["type"]) == (100, "OAuthException")
    assert error["message"] == "(#100) The parameter text is required."
    assert "error_data" not in error


def test_every_attempt_is_recorded_in_order(post, bodies, fake, clock):
    post(bodies.text())
    post(bodies.text(), token="bad")
    clock.advance(5)
    post(bodies.buttons("A", "B", "C", "D"))
    post(bodies.template(to="+44 20 7946 0000"))
    attempts = fake.attempts
    assert [a.index for a in attempts] == [0, 1, 2, 3]
    assert [a.status for a in attempts] == [200, 401, 400, 200]
    assert [a.accepted for a in attempts] == [True, False, False, True]
    assert [a.recipient for a in attempts] == [USER, USER, USER, "442079460000"]
    assert attempts[2].at == attempts[0].at + 5
    assert attempts[0].wamid == attempts[0].response["messages"][0]["id"]
    assert attempts[2].payload["interactive"]["type"] == "button"


def test_attempts_never_contain_the_token(fake, bodies):
    leaky = bodies.text(body=f"my token is {TOKEN}")
    raw = json.dumps(leaky).encode()
    fake.handle("POST", f"{MESSAGES_PATH}?access_token={TOKEN}", {"Authorization": "x"}, raw)
    fake.handle("POST", MESSAGES_PATH, {"Authorization": f"Bearer {TOKEN}"}, raw)
    dumped = json.dumps([a.to_dict() for a in fake.attempts])
    assert TOKEN not in dumped
    assert TOKEN not in repr(fake)


def test_limits_are_judged_before_redaction(post, bodies, fake):
    # Masking the token shortens the text; the 4096 limit must see what was really sent.
    body = "t" * (4097 - len(TOKEN)) + TOKEN
    assert post(bodies.text(body)).body["error"]["code"] == 131009
    assert TOKEN not in fake.attempts[0].payload["text"]["body"]


def test_raw_body_is_truncated(post, bodies, fake):
    post(bodies.text("t" * 20_000))
    assert len(fake.attempts[0].raw_body) == 10 * 1024


def test_listeners_see_each_attempt(post, bodies, fake):
    seen = []
    fake.on_attempt.append(seen.append)
    post(bodies.text())
    post(bodies.text(), token=None)
    assert [a.status for a in seen] == [200, 401]


def test_a_failing_listener_does_not_change_the_answer(post, bodies, fake):
    def broken(attempt):
        raise RuntimeError("listener bug")

    fake.on_attempt.append(broken)
    assert post(bodies.text()).status == 200


def test_window_open_then_expired_async(post, bodies, fake, clock):
    assert post(bodies.text()).status == 200
    assert fake.take_owed_notifications() == []
    clock.advance(DAY)
    assert post(bodies.text()).status == 200
    assert fake.take_owed_notifications() == []
    clock.advance(1)
    reply = post(bodies.text())
    assert reply.status == 200
    owed = fake.take_owed_notifications()
    (status,) = statuses(owed)
    assert owed[0]["object"] == "whatsapp_business_account"
    assert status["id"] == reply.body["messages"][0]["id"]
    assert (status["status"], status["recipient_id"]) == ("failed", USER)
    assert status["timestamp"] == str(int(clock.now()))
    assert status["errors"][0]["code"] == 131047
    assert fake.take_owed_notifications() == []


def test_window_expired_sync_mode_is_400(bodies, clock):
    graph = FakeGraph(access_token=TOKEN, clock=clock, window="sync")
    graph.open_window(USER)
    clock.advance(DAY + 1)
    reply = graph.handle(
        "POST",
        MESSAGES_PATH,
        {"Authorization": f"Bearer {TOKEN}"},
        json.dumps(bodies.text()).encode(),
    )
    assert reply.status == 400
    assert reply.body["error"]["code"] == 131047
    assert reply.body["error"]["message"] == "(#131047) Re-engagement message"
    assert graph.take_owed_notifications() == []


def test_window_off_mode_never_checks(bodies, clock):
    graph = FakeGraph(access_token=TOKEN, clock=clock, window="off")
    raw = json.dumps(bodies.text()).encode()
    assert (
        graph.handle("POST", MESSAGES_PATH, {"Authorization": f"Bearer {TOKEN}"}, raw).status == 200
    )
    assert graph.take_owed_notifications() == []


def test_template_passes_outside_the_window(post, bodies, fake, clock):
    clock.advance(DAY + 1)
    assert post(bodies.template()).status == 200
    assert fake.take_owed_notifications() == []


def test_never_opened_window_counts_as_closed(post, bodies, fake):
    post(bodies.text(to="+49 30 1234567"))
    (status,) = statuses(fake.take_owed_notifications())
    assert status["errors"][0]["code"] == 131047


def test_status_webhooks_owe_sent_delivered_read(bodies, clock):
    business = BusinessNumber(phone_number_id=PHONE_ID, waba_id="42")
    graph = FakeGraph(access_token=TOKEN, business=business, clock=clock, status_webhooks=True)
    graph.open_window(USER)
    body = {**bodies.text(), "biz_opaque_callback_data": "order-77"}
    reply = send(graph, body)
    owed = graph.take_owed_notifications()
    assert [s["status"] for s in statuses(owed)] == ["sent", "delivered", "read"]
    assert all(s["id"] == reply.body["messages"][0]["id"] for s in statuses(owed))
    assert all(s["biz_opaque_callback_data"] == "order-77" for s in statuses(owed))
    assert "pricing" in statuses(owed)[0]
    assert owed[0]["entry"][0]["id"] == "42"
    value = owed[0]["entry"][0]["changes"][0]["value"]
    assert value["metadata"]["phone_number_id"] == PHONE_ID


def test_rejected_sends_owe_nothing(bodies, clock):
    graph = FakeGraph(access_token=TOKEN, clock=clock, status_webhooks=True)
    graph.open_window(USER)
    graph.handle("POST", MESSAGES_PATH, {}, json.dumps(bodies.text()).encode())
    assert graph.take_owed_notifications() == []


def test_reset_forgets_everything(post, bodies, fake):
    fake.add_fault(FaultRule("auth", trigger="next", n=5))
    post(bodies.text())
    post(bodies.text(to="+49 30 1234567"))
    fake.reset()
    assert fake.attempts == []
    assert fake.faults == []
    assert fake.take_owed_notifications() == []
    post(bodies.text())
    assert fake.attempts[0].index == 0
    assert fake.take_owed_notifications()  # the window was forgotten too


def test_bad_constructor_arguments_are_usage_errors():
    with pytest.raises(UsageError, match="async, sync, off"):
        FakeGraph(access_token=TOKEN, window="later")
    with pytest.raises(UsageError, match="access_token"):
        FakeGraph(access_token="")
    with pytest.raises(UsageError, match="differs"):
        FakeGraph(
            access_token=TOKEN, phone_number_id="1", business=BusinessNumber(phone_number_id="2")
        )


def test_business_sets_the_phone_number_id():
    graph = FakeGraph(access_token=TOKEN, business=BusinessNumber(phone_number_id="777"))
    assert graph.phone_number_id == "777"

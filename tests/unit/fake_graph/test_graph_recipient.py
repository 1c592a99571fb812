"""Sends by business-scoped user id: ``recipient`` instead of ``to``, or both (then ``to`` wins)."""

from __future__ import annotations

import json

import requests
from graph_test_data import MESSAGES_PATH, TOKEN, USER, Bodies

from harness.clock import Clock
from harness.fake_graph import FakeGraph, FaultRule, LoopbackServer

BSUID = "US.13491208655302741"
STRANGER_BSUID = "CO.1745023378124563"


def by_recipient(body: dict, user_id: str = BSUID) -> dict:
    body = dict(body)
    del body["to"]
    return {**body, "recipient": user_id}


def test_recipient_only_send_is_answered_with_user_id_not_wa_id(post, bodies, fake):
    fake.open_window(USER, user_id=BSUID)
    reply = post(by_recipient(bodies.text()))
    assert reply.status == 200
    assert reply.body["contacts"] == [{"input": BSUID, "user_id": BSUID}]
    attempt = fake.attempts[-1]
    # The send reached the user the fake knows by both ids; reports name them by phone.
    assert (attempt.accepted, attempt.recipient, attempt.recipient_user_id) == (True, USER, BSUID)


def test_to_and_recipient_together_to_wins(post, bodies, fake):
    reply = post({**bodies.buttons(to="+" + USER), "recipient": STRANGER_BSUID})
    assert reply.status == 200
    assert reply.body["contacts"] == [{"input": "+" + USER, "wa_id": USER}]
    assert fake.attempts[-1].recipient == USER


def test_neither_to_nor_recipient_is_code_100_to_is_required(post, bodies):
    body = bodies.text()
    del body["to"]
    reply = post(body)
    assert reply.status == 400
    error = reply.body["error"]
    assert (error["code"], error["message"]) == (100, "(#100) The parameter to is required.")
    assert "error_data" not in error


def test_every_send_type_takes_recipient(post, bodies, fake):
    fake.open_window(USER, user_id=BSUID)
    for body in (bodies.text(), bodies.buttons(), bodies.list_(), bodies.template()):
        assert post(by_recipient(body)).status == 200


def test_recipient_that_is_not_a_bsuid_is_code_100(post, bodies):
    reply = post(by_recipient(bodies.text(), user_id="15551230000"))
    assert reply.status == 400
    assert reply.body["error"]["code"] == 100
    assert "business-scoped user id" in reply.body["error"]["error_data"]["details"]


def test_parent_bsuid_is_accepted_as_recipient(post, bodies, fake):
    parent = "US.ENT.11815799212886844830"
    fake.open_window(user_id=parent)
    assert post(by_recipient(bodies.text(), user_id=parent)).status == 200


def test_window_is_keyed_on_the_user_however_addressed(bodies):
    clock = Clock(1_750_000_000)
    fake = FakeGraph(access_token="t", clock=clock, status_webhooks=False)
    headers = {"Authorization": "Bearer t"}

    def send(body: dict) -> None:
        fake.handle("POST", "/v21.0/106540352242922/messages", headers, json.dumps(body).encode())

    # A username-only user is known by BSUID alone: a reply by recipient is inside the window.
    fake.open_window(user_id=STRANGER_BSUID)
    send(by_recipient(bodies.text(), user_id=STRANGER_BSUID))
    # A user who wrote with phone and BSUID: a reply by BSUID is inside the same window.
    fake.open_window(USER, user_id=BSUID)
    send(by_recipient(bodies.text()))
    # Nobody opened a window for this BSUID: the send fails asynchronously with 131047.
    send(by_recipient(bodies.text(), user_id="GB.3312345678901234"))
    owed = fake.take_owed_notifications()
    failed = [n["entry"][0]["changes"][0]["value"]["statuses"][0] for n in owed]
    assert [s["errors"][0]["code"] for s in failed] == [131047]
    assert [a.recipient for a in fake.attempts] == [STRANGER_BSUID, USER, "GB.3312345678901234"]


def test_fault_naming_a_bsuid_fires_for_a_phone_send_to_that_user(post, bodies, fake):
    fake.open_window(USER, user_id=BSUID)
    fake.add_fault(FaultRule("rate_limit", trigger="recipient", recipient=BSUID))
    assert post(bodies.text()).body["error"]["code"] == 130429
    assert post(by_recipient(bodies.text())).body["error"]["code"] == 130429


def test_loopback_window_route_takes_user_id_and_answers_a_bsuid_send(fake):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = by_recipient(Bodies.text(), user_id=STRANGER_BSUID)
    with LoopbackServer(fake) as server:
        opened = requests.post(
            server.url + "/_harness/window", json={"user_id": STRANGER_BSUID}, headers=auth
        )
        answer = requests.post(server.url + MESSAGES_PATH, json=body, headers=auth, timeout=5)
        refused = requests.post(
            server.url + "/_harness/window", json={"user_id": 5}, headers=auth, timeout=5
        )
    assert opened.json() == {"ok": True}
    assert answer.status_code == 200
    assert answer.json()["contacts"] == [{"input": STRANGER_BSUID, "user_id": STRANGER_BSUID}]
    assert fake.take_owed_notifications() == []  # inside the window: no 131047
    assert refused.status_code == 400


def _owed_statuses(fake: FakeGraph) -> list[tuple[list | None, dict]]:
    values = [n["entry"][0]["changes"][0]["value"] for n in fake.take_owed_notifications()]
    return [(v.get("contacts"), v["statuses"][0]) for v in values]


def test_owed_statuses_carry_contacts_and_recipient_user_id(bodies):
    fake = FakeGraph(access_token=TOKEN, clock=Clock(1_750_000_000), status_webhooks=True)
    fake.open_window(USER, user_id=BSUID)
    fake.open_window(user_id=STRANGER_BSUID)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    for body in (bodies.text(), by_recipient(bodies.text(), user_id=STRANGER_BSUID)):
        fake.handle("POST", MESSAGES_PATH, headers, json.dumps(body).encode())
    owed = _owed_statuses(fake)
    assert [s["status"] for _, s in owed] == ["sent", "delivered", "read"] * 2
    by_phone, by_bsuid = owed[0], owed[3]
    assert by_phone[0] == [{"wa_id": USER, "user_id": BSUID}]
    assert (by_phone[1]["recipient_id"], by_phone[1]["recipient_user_id"]) == (USER, BSUID)
    # A username-only user: the phone may not be shown, so recipient_id is omitted (M-BSUID).
    assert by_bsuid[0] == [{"user_id": STRANGER_BSUID}]
    assert "recipient_id" not in by_bsuid[1]
    assert by_bsuid[1]["recipient_user_id"] == STRANGER_BSUID
    # One pricing rule: sent and delivered carry pricing, read does not (M-ST).
    assert ["pricing" in s for _, s in owed[:3]] == [True, True, False]
    # The send's wamid is framed like the ones in webhooks.
    assert by_phone[1]["id"].startswith("wamid.HBg")


def test_failed_status_of_a_phone_send_has_no_contacts_and_no_recipient_user_id(bodies):
    fake = FakeGraph(access_token=TOKEN, clock=Clock(1_750_000_000))
    headers = {"Authorization": f"Bearer {TOKEN}"}
    fake.handle("POST", MESSAGES_PATH, headers, json.dumps(bodies.text()).encode())
    [(contacts, status)] = _owed_statuses(fake)
    assert contacts is None
    assert (status["status"], status["errors"][0]["code"]) == ("failed", 131047)
    assert "recipient_user_id" not in status

"""POST /_harness/inbound: a tap or a text, delivered signed exactly as Meta would send it."""

from __future__ import annotations

import json

import pytest
import requests
from graph_test_data import TOKEN
from test_graph_loopback import Receiver

from harness.fake_graph import FakeGraph, LoopbackServer
from harness.webhooks.encoding import meta_json_bytes
from harness.webhooks.signing import SIGNATURE_HEADER, verify

AUTH = {"Authorization": f"Bearer {TOKEN}"}
SECRET = "app-secret-for-inbound-tests"
OPERATOR = "966500000001"


def inject(
    server: LoopbackServer, body: object, headers: dict[str, str] = AUTH
) -> requests.Response:
    return requests.post(server.url + "/_harness/inbound", json=body, headers=headers, timeout=5)


def test_a_tap_arrives_signed_with_its_button_and_quoted_card(fake: FakeGraph) -> None:
    with (
        Receiver() as receiver,
        LoopbackServer(fake, webhook_url=receiver.url, app_secret=SECRET) as server,
    ):
        tap = {
            "type": "button_reply",
            "from": OPERATOR,
            "id": "opp:42:draft",
            "title": "رسالة",
            "context_id": "wamid.card",
        }
        answer = inject(server, tap)
    assert answer.status_code == 200, answer.text
    (body, headers), *more = receiver.posts
    assert more == []
    assert verify(body, headers.get(SIGNATURE_HEADER), SECRET)
    assert body == meta_json_bytes(json.loads(body))  # Meta's escaping, signed as sent
    value = json.loads(body)["entry"][0]["changes"][0]["value"]
    message = value["messages"][0]
    assert message["from"] == OPERATOR
    assert message["context"]["id"] == "wamid.card"
    assert message["interactive"] == {
        "type": "button_reply",
        "button_reply": {"id": "opp:42:draft", "title": "رسالة"},
    }
    assert value["contacts"][0]["wa_id"] == OPERATOR
    assert answer.json()["message_id"] == message["id"]
    assert answer.json()["webhook_status"] == 200


def test_a_text_opens_the_senders_24_hour_window(fake: FakeGraph) -> None:
    assert fake.window_opened_at(OPERATOR) is None
    with (
        Receiver() as receiver,
        LoopbackServer(fake, webhook_url=receiver.url, app_secret=SECRET) as server,
    ):
        answer = inject(server, {"type": "text", "from": OPERATOR, "body": "مرحبا"})
    assert answer.status_code == 200, answer.text
    assert fake.window_opened_at(OPERATOR) == fake.clock.now()
    message = json.loads(receiver.posts[0][0])["entry"][0]["changes"][0]["value"]["messages"][0]
    assert message["text"] == {"body": "مرحبا"}


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"type": "button_reply", "from": OPERATOR, "title": "رسالة"}, 'needs "id"'),
        ({"type": "sticker", "from": OPERATOR}, '"type" must be one of'),
        ({"type": "text", "from": OPERATOR, "body": "x", "colour": "red"}, "unknown field"),
        ({"type": "text", "from": OPERATOR, "body": "x", "legacy": "yes"}, "true or false"),
        ([1, 2], "send a JSON object"),
    ],
)
def test_bad_input_is_a_400_that_says_what_is_wrong(
    fake: FakeGraph, body: object, says: str
) -> None:
    with (
        Receiver() as receiver,
        LoopbackServer(fake, webhook_url=receiver.url, app_secret=SECRET) as server,
    ):
        answer = inject(server, body)
    assert answer.status_code == 400
    assert says in answer.json()["error"]["message"]
    assert receiver.posts == []


def test_without_a_webhook_the_route_says_how_to_configure_one(fake: FakeGraph) -> None:
    with LoopbackServer(fake) as server:
        answer = inject(server, {"type": "text", "from": OPERATOR, "body": "x"})
    assert answer.status_code == 400
    assert "--webhook-url and --app-secret" in answer.json()["error"]["message"]


def test_an_unreachable_implementation_is_a_502(fake: FakeGraph) -> None:
    dead = "http://127.0.0.1:9/webhook"  # discard port: nothing listens
    with LoopbackServer(fake, webhook_url=dead, app_secret=SECRET) as server:
        answer = inject(server, {"type": "text", "from": OPERATOR, "body": "x"})
    assert answer.status_code == 502
    assert "127.0.0.1:9" in answer.json()["error"]["message"]


def test_the_route_needs_the_access_token_like_every_harness_route(fake: FakeGraph) -> None:
    with (
        Receiver() as receiver,
        LoopbackServer(fake, webhook_url=receiver.url, app_secret=SECRET) as server,
    ):
        answer = inject(server, {"type": "text", "from": OPERATOR, "body": "x"}, headers={})
    assert answer.status_code == 401
    assert receiver.posts == []

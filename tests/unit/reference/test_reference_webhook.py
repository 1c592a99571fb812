"""The HTTP surface: handshake, signature checks, JSON errors, routing, control endpoint."""

from __future__ import annotations

import json

import pytest
from werkzeug.test import Client

import harness.reference as reference
from harness.reference import create_app
from harness.reference.config import ConfigError

from .support import CONFIG, OPERATOR, OPPORTUNITY, VERIFY_TOKEN, envelope, sign, tap


def handshake(client: Client, mode: str = "subscribe", token: str = VERIFY_TOKEN, **extra):
    query = {"hub.mode": mode, "hub.verify_token": token, "hub.challenge": "1158201444", **extra}
    return client.get("/webhook", query_string=query)


def test_handshake_echoes_the_exact_challenge_as_plain_text(bot):
    response = handshake(bot.client)

    assert response.status_code == 200
    assert response.get_data(as_text=True) == "1158201444"
    assert response.mimetype == "text/plain"


@pytest.mark.parametrize(
    ("mode", "token"), [("subscribe", "wrong"), ("unsubscribe", VERIFY_TOKEN), ("", "")]
)
def test_handshake_refuses_a_wrong_token_or_mode(bot, mode, token):
    response = handshake(bot.client, mode=mode, token=token)

    assert response.status_code == 403
    assert "1158201444" not in response.get_data(as_text=True)


def test_handshake_without_parameters_is_refused(bot):
    assert bot.client.get("/webhook").status_code == 403


def test_a_valid_signature_is_accepted(bot):
    response = bot.post(envelope(messages=[]))

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def _present_and_tap(bot) -> bytes:
    bot.control(command="opt_in", wa_id=OPERATOR)
    bot.present()
    return json.dumps(envelope(messages=[tap(f"opp:{OPPORTUNITY['id']}:draft")])).encode()


def test_missing_signature_is_401_and_has_no_effect(bot):
    body = _present_and_tap(bot)
    before = len(bot.sent())

    response = bot.client.post("/webhook", data=body, content_type="application/json")

    assert response.status_code == 401
    assert len(bot.sent()) == before


@pytest.mark.parametrize(
    "signature",
    [
        sign(b"something else"),
        sign(b"{}", secret="another-secret"),
        "sha256=",
        "sha1=abc",
        "garbage",
    ],
)
def test_wrong_signature_is_403_and_has_no_effect(bot, signature):
    body = _present_and_tap(bot)
    before = len(bot.sent())

    response = bot.client.post("/webhook", data=body, headers={"X-Hub-Signature-256": signature})

    assert response.status_code == 403
    assert len(bot.sent()) == before


def test_signature_is_checked_over_the_raw_bytes(bot):
    # Meta escapes non-ASCII; re-serialising the parsed JSON would give other bytes.
    body = b'{"object":"whatsapp_business_account","entry":[],"note":"\\u0633\\/x"}'

    response = bot.client.post("/webhook", data=body, headers={"X-Hub-Signature-256": sign(body)})

    assert response.status_code == 200


def test_signed_but_unparseable_body_is_400(bot):
    body = b"{not json"

    response = bot.client.post("/webhook", data=body, headers={"X-Hub-Signature-256": sign(body)})

    assert response.status_code == 400


def test_other_paths_are_404(bot):
    assert bot.client.get("/").status_code == 404
    assert bot.client.post("/webhooks").status_code == 404


def test_control_unknown_command_is_400_with_json_error(bot):
    response = bot.client.post("/_harness/control", json={"command": "launch_rockets"})

    assert response.status_code == 400
    assert "launch_rockets" in response.get_json()["error"]


@pytest.mark.parametrize(
    "body",
    [
        b"{nope",
        b"[]",
        json.dumps({"command": "set_live_send", "enabled": "yes"}).encode(),
        json.dumps({"command": "opt_in"}).encode(),
        json.dumps({"command": "present_opportunity", "operator": OPERATOR}).encode(),
    ],
)
def test_control_malformed_commands_are_400(bot, body):
    response = bot.client.post("/_harness/control", data=body, content_type="application/json")

    assert response.status_code == 400
    assert "error" in response.get_json()


def test_module_level_control_drives_the_latest_app(graph):
    first = create_app(dict(CONFIG))
    second = create_app(dict(CONFIG))

    reference.control({"command": "opt_in", "wa_id": OPERATOR})
    reference.control(
        {"command": "present_opportunity", "operator": OPERATOR, "opportunity": OPPORTUNITY}
    )

    assert len(graph.calls) == 1
    assert second.flow.is_opted_in(OPERATOR)
    assert not first.flow.is_opted_in(OPERATOR)
    assert "error" in reference.control({"command": "nope"})


def test_module_level_control_without_an_app_says_so(monkeypatch):
    monkeypatch.setattr(reference, "_current_app", None)

    with pytest.raises(RuntimeError, match="create_app"):
        reference.control({"command": "alerts"})


def test_create_app_names_every_missing_key():
    with pytest.raises(ConfigError) as caught:
        create_app({"WHATSAPP_GRAPH_API_BASE": "http://x"})

    for key in ("PHONE_NUMBER_ID", "ACCESS_TOKEN", "APP_SECRET", "VERIFY_TOKEN"):
        assert f"WHATSAPP_{key}" in str(caught.value)


def test_the_package_exposes_exactly_the_target_interface():
    assert sorted(reference.__all__) == [
        "build_draft_card",
        "build_opportunity_card",
        "control",
        "create_app",
        "parse_button_reply",
    ]

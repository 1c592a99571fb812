"""Envelopes built from the error catalogue, and deterministic ids."""

from __future__ import annotations

import re

import pytest

from harness.cloud_api.catalogue import load_catalogue
from harness.cloud_api.error_bodies import error_body, status_error
from harness.cloud_api.ids import IdSource
from harness.cloud_api.statuses import pricing_for, status_item
from harness.errors import UsageError
from harness.fake_graph.recipients import Addressee, success_body

WHATSAPP_CODES = ["100", "131008", "131009", "130429", "131056", "131047", "131000"]


@pytest.mark.parametrize("key", WHATSAPP_CODES)
def test_whatsapp_error_envelope_shape(key):
    spec = load_catalogue().get(key)
    body = error_body(spec, fbtrace_id="Atrace", details="why")
    error = body["error"]
    assert set(body) == {"error"}
    assert error["message"] == f"(#{spec.code}) {spec.title}"
    assert error["type"] == "OAuthException"
    assert error["code"] == int(key)
    assert error["error_data"] == {"messaging_product": "whatsapp", "details": "why"}
    assert error["fbtrace_id"] == "Atrace"


def test_default_details_come_from_the_catalogue():
    spec = load_catalogue().get("130429")
    details = error_body(spec, fbtrace_id="A")["error"]["error_data"]["details"]
    assert details == "Cloud API message throughput has been reached."


def test_auth_error_has_no_error_data_and_is_401():
    spec = load_catalogue().get("190")
    error = error_body(spec, fbtrace_id="A")["error"]
    assert spec.http_status == 401
    assert "error_data" not in error
    assert (error["type"], error["code"]) == ("OAuthException", 190)


def test_server_error_is_transient_graph_method_exception():
    spec = load_catalogue().get("2")
    error = error_body(spec, fbtrace_id="A")["error"]
    assert spec.http_status == 500
    assert (error["type"], error["code"], error["is_transient"]) == (
        "GraphMethodException",
        2,
        True,
    )
    assert load_catalogue().get("131000").http_status == 500


def test_catalogue_entries_are_complete():
    catalogue = load_catalogue()
    keys = {spec.key for spec in catalogue.specs}
    assert {"190", "100", "131008", "131009", "130429", "131056", "131026", "131047"} <= keys
    assert {"131049", "2", "131000"} <= keys
    assert catalogue.get("130429").http_status_options == (400, 429)
    assert catalogue.get("131047").where == "async"
    assert catalogue.get("131047").where_options == ("async", "sync")
    assert catalogue.get("131026").where == "async"
    with pytest.raises(UsageError, match="131009"):
        catalogue.get("999")


def test_success_body_adds_message_status_for_templates_only():
    plain = success_body(Addressee("to", "+1 555"), "wamid.X", template=False)
    assert plain == {
        "messaging_product": "whatsapp",
        "contacts": [{"input": "+1 555", "wa_id": "1555"}],
        "messages": [{"id": "wamid.X"}],
    }
    template = success_body(Addressee("to", "1555"), "wamid.X", template=True)
    assert template["messages"] == [{"id": "wamid.X", "message_status": "accepted"}]


def test_success_body_for_a_bsuid_send_echoes_user_id_and_no_wa_id():
    body = success_body(Addressee("recipient", "US.13491208655302741"), "wamid.X", template=False)
    assert body["contacts"] == [
        {"input": "US.13491208655302741", "user_id": "US.13491208655302741"}
    ]


def test_failed_status_shape():
    spec = load_catalogue().get("131026")
    status = status_item(
        "failed",
        wamid="wamid.X",
        recipient_id="1555",
        timestamp="1750000000",
        errors=[status_error(spec)],
    )
    assert status["status"] == "failed"
    assert (status["id"], status["recipient_id"], status["timestamp"]) == (
        "wamid.X",
        "1555",
        "1750000000",
    )
    (error,) = status["errors"]
    assert set(error) == {"code", "title", "message", "error_data", "href"}
    assert error["code"] == 131026
    # The wording seen in August 2026 (pywa#227); 2023 captures read "Receiver is incapable…".
    assert error["message"] == error["title"] == "Message undeliverable"
    assert error["error_data"] == {"details": "Message Undeliverable."}


def test_pricing_on_sent_and_delivered_only():
    # One rule for the fake and the webhook builders: sent and one of delivered/read (M-ST).
    assert pricing_for("sent", template=True)["pricing_model"] == "PMP"
    assert pricing_for("delivered", template=False)["type"] == "free_customer_service"
    assert pricing_for("read", template=True) is None
    assert pricing_for("failed", template=False) is None


def test_ids_are_deterministic_per_seed():
    first, again, other = IdSource(3), IdSource(3), IdSource(4)
    a = [first.wamid(), first.wamid(), first.fbtrace_id()]
    assert a == [again.wamid(), again.wamid(), again.fbtrace_id()]
    assert a[0] != a[1]
    assert other.wamid() != a[0]
    assert re.fullmatch(r"wamid\.[A-Za-z0-9+/]+=*", a[0])
    assert re.fullmatch(r"[A-Za-z0-9_-]{23}", a[2])

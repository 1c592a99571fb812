"""Signatures over the escaped bytes Meta sends (Arabic, emoji, ``\\/``)."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.webhooks.encoding import meta_json_bytes, reordered_json_bytes
from harness.webhooks.signing import PREFIX, sign, verify

SECRET = "s3cret-for-signing-tests"

TRICKY = {
    "arabic": "قبول الفرصة",
    "emoji": "تم 👍 😀",
    "slash": "https://example.com/a/b",
    "at": "ops@example.com",
    "accented": "Café crème",
}
# "@" is sent literally (its escaping is unconfirmed for Cloud API), so a compact UTF-8
# re-serialisation of an "@"-only body happens to match; the escaped cases cannot.
ESCAPED = {name: text for name, text in TRICKY.items() if name != "at"}


def _notification(body: str) -> dict:
    return {"object": "whatsapp_business_account", "entry": [{"id": "1", "text": body}]}


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_escaped_bytes_round_trip(text: str) -> None:
    body = meta_json_bytes(_notification(text))
    header = sign(body, SECRET)
    assert body.isascii()
    assert verify(body, header, SECRET)
    assert json.loads(body) == _notification(text)


@pytest.mark.parametrize("text", ESCAPED.values(), ids=ESCAPED.keys())
def test_reserialised_body_no_longer_verifies(text: str) -> None:
    body = meta_json_bytes(_notification(text))
    header = sign(body, SECRET)
    for reserialised in (
        json.dumps(json.loads(body)).encode(),
        json.dumps(json.loads(body), ensure_ascii=False, separators=(",", ":")).encode(),
    ):
        assert reserialised != body
        assert not verify(reserialised, header, SECRET)


def test_escapes_are_lowercase_and_slash_is_escaped() -> None:
    body = meta_json_bytes(_notification("😀 https://x.example/y"))
    assert b"\\ud83d\\ude00" in body
    assert b"https:\\/\\/x.example\\/y" in body
    assert b"/" not in body.replace(b"\\/", b"")


def test_signature_is_sha256_prefix_and_lowercase_hex() -> None:
    header = sign(meta_json_bytes(_notification("قبول")), SECRET)
    assert re.fullmatch(r"sha256=[0-9a-f]{64}", header)


def test_verify_refuses_uppercase_missing_and_other_key() -> None:
    body = meta_json_bytes(_notification("x"))
    header = sign(body, SECRET)
    assert not verify(body, PREFIX + header.removeprefix(PREFIX).upper(), SECRET)
    assert not verify(body, None, SECRET)
    assert not verify(body, header, SECRET + "x")


@settings(max_examples=60, deadline=None)
@given(st.text())
def test_any_text_encodes_to_ascii_that_round_trips(text: str) -> None:
    body = meta_json_bytes(_notification(text))
    assert body.isascii()
    assert json.loads(body) == _notification(text)
    assert verify(body, sign(body, SECRET), SECRET)


def test_known_answer_from_rfc_4231() -> None:
    # RFC 4231, test case 2: a vector computed outside this project, so sign() is held to
    # HMAC-SHA256 itself and not only to verify() from the same module.
    header = sign(b"what do ya want for nothing?", "Jefe")
    assert header == PREFIX + "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    assert verify(b"what do ya want for nothing?", header, "Jefe")
    assert not verify(b"what do ya want for nothing!", header, "Jefe")


def test_reordered_bytes_are_the_same_document_in_other_bytes() -> None:
    notification = _notification("قبول https://x.example/y")
    reordered = reordered_json_bytes(notification)
    assert reordered != meta_json_bytes(notification)
    assert json.loads(reordered) == notification
    assert reordered.isascii()
    assert b"\\/" in reordered

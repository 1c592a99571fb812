"""Signatures round-trip and catch any change; Meta's JSON bytes are ASCII and lossless."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from harness.webhooks.encoding import meta_json_bytes
from harness.webhooks.signing import PREFIX, sign, verify
from tests.fuzz.strategies import FUZZ, json_values

SECRETS = st.text(min_size=1, max_size=64)


@FUZZ
@given(st.binary(max_size=4096), SECRETS)
def test_sign_then_verify_round_trips(body: bytes, secret: str) -> None:
    header = sign(body, secret)
    assert header.startswith(PREFIX)
    assert len(header) == len(PREFIX) + 64
    assert verify(body, header, secret)


@FUZZ
@given(st.binary(min_size=1, max_size=4096), SECRETS, st.data())
def test_any_flipped_body_byte_fails_verification(body: bytes, secret: str, data: Any) -> None:
    index = data.draw(st.integers(0, len(body) - 1))
    bit = data.draw(st.integers(0, 7))
    flipped = bytearray(body)
    flipped[index] ^= 1 << bit
    assert not verify(bytes(flipped), sign(body, secret), secret)


@FUZZ
@given(st.binary(max_size=512), SECRETS, st.data())
def test_any_changed_header_character_fails_verification(
    body: bytes, secret: str, data: Any
) -> None:
    header = sign(body, secret)
    index = data.draw(st.integers(0, len(header) - 1))
    replacement = data.draw(st.characters(codec="ascii"))
    assume(replacement != header[index])
    changed = header[:index] + replacement + header[index + 1 :]
    assert not verify(body, changed, secret)


@FUZZ
@given(st.binary(max_size=512), SECRETS, SECRETS)
def test_another_secret_fails_verification(body: bytes, secret: str, other: str) -> None:
    assume(other != secret)
    assert not verify(body, sign(body, secret), other)


@FUZZ
@given(st.binary(max_size=256), st.one_of(st.none(), st.text(max_size=80)), SECRETS)
def test_verify_never_raises_on_any_header(body: bytes, header: str | None, secret: str) -> None:
    assert verify(body, header, secret) in (True, False)


@FUZZ
@given(json_values(max_leaves=30))
def test_meta_json_bytes_is_ascii_and_lossless(value: Any) -> None:
    data = meta_json_bytes(value)
    assert data.isascii()
    assert b"/" not in data.replace(b"\\/", b"")
    assert json.loads(data) == value

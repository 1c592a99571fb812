"""The redactor masks secrets in every spelling, and any piece of eight or more characters."""

from __future__ import annotations

import json
import re
import string
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from harness.reports.redaction import MASK, Redactor
from tests.secret_pieces import leaked_pieces

_CHARS = st.sampled_from(string.ascii_letters + string.digits + "-_./+=%&<>\"'\\ :مرحبا")
secrets_st = st.text(_CHARS, min_size=8, max_size=40)
filler = st.text(st.sampled_from("xyz ءب\n{}"), max_size=300)


@settings(max_examples=150, deadline=None)
@given(secret=secrets_st, head=filler, tail=filler, cut=st.integers(0, 700), how=st.integers(0, 5))
def test_no_piece_survives_a_cut_made_before_or_after_masking(secret, head, tail, cut, how):
    spelt = [
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        quote(secret, safe=""),
        json.dumps(json.dumps(secret))[1:-1],
        repr(f"'\"{secret}")[4:-1],  # as a message quotes a target's text with !r
    ][how]
    text = head + spelt + tail
    redactor = Redactor([secret])
    for shown in (redactor.text(text[:cut]), redactor.text(text[cut:]), redactor.clip(text, cut)):
        assert not leaked_pieces(shown, [secret])
    assert len(redactor.clip(text, max(cut, 1))) <= max(cut, 1)


def test_text_around_a_secret_is_kept():
    redactor = Redactor(["planted-app-secret-0123"])
    assert redactor.text("a planted-app-secret-0123 b") == f"a {MASK} b"
    assert redactor.text("cut: planted-app-sec…") == f"cut: {MASK}…"
    assert redactor.text("planted app") == "planted app"  # seven characters: not a leak
    assert redactor.text("-secret-0") == MASK  # nine characters of the secret


def test_clip_masks_first_and_never_halves_the_mask():
    redactor = Redactor(["planted-app-secret-0123"])
    text = "x" * 25 + "planted-app-secret-0123" + "y" * 50
    assert redactor.clip(text, 30) == "x" * 25 + "…"
    assert redactor.clip(text, 40) == "x" * 25 + MASK + "yyyy…"
    assert redactor.clip("short", 30) == "short"


def test_whole_spellings_only_when_pieces_are_off():
    redactor = Redactor(["abcdefgh", "abcdefghij"], pieces=False)
    assert redactor.text("abcdefghij abcdefgh abcdefg") == f"{MASK} {MASK} abcdefg"


def test_meta_escapes_and_data():
    secret = "sécret/ـtoken-12"
    meta = json.dumps(secret)[1:-1].replace("/", "\\/")
    upper_hex = re.sub(r"\\u([0-9a-f]{4})", lambda m: "\\u" + m.group(1).upper(), meta)
    assert meta != upper_hex
    redactor = Redactor([secret, None, ""])
    data = {"k " + secret: [meta, upper_hex, secret.encode()]}
    assert redactor.data(data) == {f"k {MASK}": [MASK, MASK, MASK]}

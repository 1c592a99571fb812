"""The recorded payload corpus: raw bytes, escaped like Meta, schema-valid, secret-free."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from harness.cloud_api.envelope import DEFAULT_PHONE_NUMBER_ID, DEFAULT_WABA_ID
from harness.errors import PayloadError
from harness.webhooks.corpus import default_corpus_dir, load_corpus
from harness.webhooks.encoding import meta_json_bytes
from harness.webhooks.inbound_validation import inbound_violations

CORPUS = load_corpus()
BY_NAME = {payload.name: payload for payload in CORPUS}
WELL_FORMED = [p for p in CORPUS if not p.malformed]
MALFORMED = [p for p in CORPUS if p.malformed]
# Placeholders from the App Dashboard's test button keep their own ids (facts §6).
DASHBOARD = "dashboard_test_sample.json"
SECRET_LOOKING = [
    re.compile(rb"EAA[A-Za-z0-9]{20,}"),  # Graph access tokens
    re.compile(rb"sha(1|256)="),  # a stored signature would pin a secret
    re.compile(rb"(?<![A-Za-z0-9+/])[0-9a-f]{32,}(?![A-Za-z0-9+/])"),  # app secrets, digests
    re.compile(rb"(?i)bearer |app_secret|verify_token|access_token|password"),
]
OPERATOR_REPLIES = {
    "opp:opp-1001:accept": "قبول",
    "opp:opp-1001:skip": "تخطي",
    "opp:opp-1001:draft": "رسالة",
    "msg:d-1001:approve": "اعتماد",
    "msg:d-1001:edit": "تعديل",
    "msg:d-1001:cancel": "إلغاء",
}


def _values(document: dict) -> list[dict]:
    return [change["value"] for entry in document["entry"] for change in entry["changes"]]


def _messages(document: dict) -> list[dict]:
    return [m for value in _values(document) for m in value.get("messages", [])]


def test_corpus_is_large_enough_and_sorted() -> None:
    assert len(CORPUS) >= 25
    assert [p.name for p in CORPUS] == sorted(p.name for p in CORPUS)
    assert default_corpus_dir().is_dir()


@pytest.mark.parametrize("payload", CORPUS, ids=lambda p: p.name)
def test_bytes_are_as_meta_sends_them(payload) -> None:
    assert payload.body == payload.path.read_bytes()
    assert payload.body.isascii()
    assert b"/" not in payload.body.replace(b"\\/", b"")
    # Compact, ASCII-escaped, "\/": exactly the encoding Meta signs, key order kept.
    assert meta_json_bytes(payload.json()) == payload.body


@pytest.mark.parametrize("payload", CORPUS, ids=lambda p: p.name)
def test_no_secret_looking_strings(payload) -> None:
    for pattern in SECRET_LOOKING:
        assert not pattern.search(payload.body), pattern.pattern


@pytest.mark.parametrize("payload", WELL_FORMED, ids=lambda p: p.name)
def test_well_formed_files_match_the_inbound_schemas(payload) -> None:
    assert [str(v) for v in inbound_violations(payload.json())] == []


@pytest.mark.parametrize("payload", MALFORMED, ids=lambda p: p.name)
def test_malformed_files_are_broken_on_purpose(payload) -> None:
    assert payload.json()["object"] == "whatsapp_business_account"
    assert inbound_violations(payload.json())


def test_there_are_malformed_cases() -> None:
    assert {p.name for p in MALFORMED} >= {
        "malformed_button_reply_without_id.json",
        "malformed_value_without_contacts.json",
    }


def test_every_file_is_described_in_the_readme() -> None:
    assert [p.name for p in CORPUS if not p.description] == []
    readme = (default_corpus_dir() / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([^`]+\.json)`", readme, flags=re.MULTILINE))
    assert listed == set(BY_NAME)


def test_the_six_operator_replies_are_recorded_with_arabic_titles() -> None:
    found = {}
    for payload in WELL_FORMED:
        for message in _messages(payload.json()):
            reply = message.get("interactive", {}).get("button_reply")
            if reply:
                found.setdefault(reply["id"], reply["title"])
    assert {k: found.get(k) for k in OPERATOR_REPLIES} == OPERATOR_REPLIES


def test_message_ids_are_unique_across_the_corpus() -> None:
    # Both dashboard samples carry Meta's one placeholder id, ABGGFlA5Fpa (CAP-F).
    ids = [m["id"] for p in CORPUS for m in _messages(p.json()) if m["id"] != "ABGGFlA5Fpa"]
    assert len(ids) == len(set(ids))


def test_business_ids_are_the_envelope_defaults() -> None:
    for payload in CORPUS:
        if payload.name.startswith(DASHBOARD.removesuffix(".json")):
            continue
        document = payload.json()
        assert {e["id"] for e in document["entry"]} == {DEFAULT_WABA_ID}, payload.name
        phone_ids = {v["metadata"]["phone_number_id"] for v in _values(document)}
        assert phone_ids == {DEFAULT_PHONE_NUMBER_ID}, payload.name


def test_contacts_carry_user_id_except_the_labelled_legacy_cases() -> None:
    for payload in CORPUS:
        contacts = [c for v in _values(payload.json()) for c in v.get("contacts", [])]
        legacy = "legacy" in payload.name or payload.name == DASHBOARD
        # A failed status as captured in August 2026 lists only the wa_id (pywa#227).
        legacy = legacy or payload.name.endswith("_wa_id_only.json")
        assert all(("user_id" in c) != legacy for c in contacts), payload.name


def test_every_2026_shape_is_in_the_corpus() -> None:
    def has(check) -> set[str]:
        return {p.name for p in WELL_FORMED if check(p.json())}

    assert has(lambda d: any("from_user_id" in m for m in _messages(d)))
    assert has(lambda d: any("from" not in m and m.get("type") != "system" for m in _messages(d)))
    assert has(lambda d: any(m.get("type") == "system" for m in _messages(d)))
    assert has(lambda d: any("errors" in v and "messages" not in v for v in _values(d)))
    assert has(lambda d: d["entry"][0]["changes"][0]["field"] == "user_id_update")
    assert has(lambda d: any("referral" in m for m in _messages(d)))
    statuses = [(v.get("contacts"), s) for p in WELL_FORMED for v in _values(p.json())
                for s in v.get("statuses", [])]  # fmt: skip
    assert any(c and "profile" not in c[0] and "recipient_user_id" in s for c, s in statuses)
    assert any(c and "profile" in c[0] for c, s in statuses)
    assert any(c is None and s["status"] == "failed" for c, s in statuses)
    assert any(c == [{"wa_id": s["recipient_id"]}] for c, s in statuses if s["status"] == "failed")
    assert any("recipient_id" not in s for _, s in statuses)


def test_tricky_characters_are_present_escaped() -> None:
    assert b"\\ud83d" in BY_NAME["text_emoji.json"].body
    assert b"\\u00e9" in BY_NAME["text_accented_latin.json"].body
    assert b"https:\\/\\/" in BY_NAME["text_slash_and_at.json"].body
    assert b"@" in BY_NAME["text_slash_and_at.json"].body
    assert b"\\u0642\\u0628\\u0648\\u0644" in BY_NAME["button_reply_opp_accept.json"].body


def test_dashboard_sample_keeps_meta_placeholders() -> None:
    document = BY_NAME[DASHBOARD].json()
    [value] = _values(document)
    assert document["entry"][0]["id"] == "0"
    assert value["metadata"]["phone_number_id"] == "123456123"
    assert value["messages"][0]["id"] == "ABGGFlA5Fpa"


def test_statuses_batch_lists_read_before_delivered() -> None:
    [value] = _values(BY_NAME["batch_statuses_read_before_delivered.json"].json())
    assert [s["status"] for s in value["statuses"]] == ["read", "delivered"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"object": "whatsapp_business_account", "entry": [', "not valid JSON"),
        (b'["whatsapp_business_account"]', "expected an object"),
        (b'{"object": "page", "entry": []}', "expected 'whatsapp_business_account'"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
    ids=["truncated", "array", "wrong-object", "binary"],
)
def test_bad_file_raises_payload_error_naming_it(tmp_path: Path, content, expected) -> None:
    (tmp_path / "good.json").write_bytes(BY_NAME["text_arabic.json"].body)
    (tmp_path / "broken_one.json").write_bytes(content)
    with pytest.raises(PayloadError, match=r"broken_one\.json") as raised:
        load_corpus(tmp_path)
    assert expected in str(raised.value)


def test_skip_invalid_returns_problems_alongside(tmp_path: Path) -> None:
    (tmp_path / "good.json").write_bytes(BY_NAME["text_arabic.json"].body)
    (tmp_path / "bad.json").write_text("{nope", encoding="utf-8")
    payloads, problems = load_corpus(tmp_path, skip_invalid=True)
    assert [p.name for p in payloads] == ["good.json"]
    assert [p.name for p in problems] == ["bad.json"]
    assert "not valid JSON" in problems[0].message


def test_loading_is_recursive_and_ignores_other_files(tmp_path: Path) -> None:
    (tmp_path / "statuses").mkdir()
    (tmp_path / "statuses" / "read.json").write_bytes(BY_NAME["status_read.json"].body)
    (tmp_path / "a.json").write_bytes(BY_NAME["status_sent.json"].body)
    (tmp_path / "notes.txt").write_text("not a payload", encoding="utf-8")
    assert [p.name for p in load_corpus(tmp_path)] == ["a.json", "statuses/read.json"]


def test_missing_directory_is_a_payload_error(tmp_path: Path) -> None:
    with pytest.raises(PayloadError, match="does not exist"):
        load_corpus(tmp_path / "nowhere")


def test_json_view_does_not_change_the_bytes() -> None:
    payload = BY_NAME["text_emoji.json"]
    assert json.loads(payload.body) == payload.json()
    assert payload.body == payload.path.read_bytes()

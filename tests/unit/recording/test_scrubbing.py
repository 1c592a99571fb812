"""Pseudonyms keep each identifier's shape and link a conversation up; nothing else leaks."""

from __future__ import annotations

import random
import re

from harness.cloud_api.ids import parent_user_id, user_id, wamid
from harness.recording.pseudonyms import calling_code, wamid_number
from harness.recording.scrubbing import Scrubber

OPERATOR, PROSPECT = "966512345678", "201098765432"


def _scrub(*documents: object, scrub_text: bool = False) -> list[object]:
    scrubber = Scrubber(
        secrets=["EAAGtoken1234567890"], scrub_text=scrub_text, rng=random.Random(5)
    )
    for document in documents:
        scrubber.collect(document, inbound_text=True)
    scrubber.finish()
    return [scrubber.apply(document) for document in documents]


def _message(sender: str, body: str) -> dict[str, object]:
    return {
        "contacts": [
            {
                "profile": {"name": "طبّاع الحجار", "username": "@tabbaa.h"},
                "wa_id": sender,
                "user_id": user_id(seed=1, wa_id=sender),
                "parent_user_id": parent_user_id(seed=1, wa_id=sender),
            }
        ],
        "messages": [
            {
                "from": sender,
                "id": wamid(seed=1, counter=1, wa_id=sender),
                "type": "text",
                "text": {"body": body},
            }
        ],
    }


def test_shapes_are_kept_and_one_person_keeps_one_pseudonym() -> None:
    first, second, send = _scrub(
        _message(OPERATOR, "مرحبا"),
        _message(OPERATOR, "رقمي 966512345678 واسمي طبّاع، @tabbaa.h أو tabbaa.h"),
        {"to": OPERATOR, "text": {"body": "أهلاً طبّاع الحجار"}},
    )
    contact = first["contacts"][0]  # type: ignore[index]
    again = second["contacts"][0]  # type: ignore[index]
    assert contact == again
    number = contact["wa_id"]
    assert number != OPERATOR
    assert len(number) == len(OPERATOR)
    assert number.startswith("9665")
    assert re.fullmatch(r"SA\.[1-9][0-9]+", contact["user_id"])
    assert re.fullmatch(r"SA\.ENT\.[0-9]{20}", contact["parent_user_id"])
    assert len(contact["user_id"]) == len(user_id(seed=1, wa_id=OPERATOR))
    message = first["messages"][0]  # type: ignore[index]
    assert message["from"] == number
    assert message["id"].startswith("wamid.HBg")
    assert wamid_number(message["id"]) == number
    assert re.fullmatch(r"[\u0600-\u06ff ]+", contact["profile"]["name"])
    # Without --scrub-text, the user's words stay, but identities inside them are replaced.
    body = second["messages"][0]["text"]["body"]  # type: ignore[index]
    assert body.startswith("رقمي " + number)
    assert "طبّاع" not in body
    assert "tabbaa" not in body
    assert contact["profile"]["username"].removeprefix("@") in body
    assert send["to"] == number  # type: ignore[index]
    assert send["text"]["body"] == "أهلاً " + contact["profile"]["name"]  # type: ignore[index]


def test_scrub_text_replaces_the_users_words_in_the_same_script() -> None:
    [scrubbed] = _scrub(_message(PROSPECT, "أريد معرفة المزيد عن العرض"), scrub_text=True)
    body = scrubbed["messages"][0]["text"]["body"]  # type: ignore[index]
    assert body != "أريد معرفة المزيد عن العرض"
    assert re.search(r"[\u0600-\u06ff]", body)


def test_calling_codes() -> None:
    assert [calling_code(n) for n in ("15550001111", "966512345678", "201098765432")] == [
        "1",
        "966",
        "20",
    ]


def test_secrets_in_bodies_are_masked() -> None:
    [scrubbed] = _scrub({"note": "token EAAGtoken1234567890 pasted"})
    assert scrubbed == {"note": "token [redacted] pasted"}

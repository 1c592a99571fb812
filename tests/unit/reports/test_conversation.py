"""Evidence retold as a conversation: taps, cards and the send that broke the rule."""

from __future__ import annotations

from harness.checks.results_collector import example_label
from harness.evidence import (
    Answer,
    BrokenBy,
    Caused,
    ControlCommand,
    Delivered,
    Evidence,
    Sends,
    SentMessage,
)
from harness.reports.conversation import bubble, conversation

CARD = {
    "type": "interactive",
    "interactive": {
        "type": "button",
        "body": {"text": "فرصة"},
        "action": {
            "buttons": [
                {"type": "reply", "reply": {"id": f"opp:1:{name}", "title": title}}
                for name, title in (("accept", "قبول"), ("skip", "تخطي"), ("draft", "رسالة"))
            ]
        },
    },
}
TAP = {
    "entry": [
        {
            "changes": [
                {
                    "value": {
                        "contacts": [{"wa_id": "9665", "profile": {"name": "نورة"}}],
                        "messages": [
                            {
                                "from": "9665",
                                "type": "interactive",
                                "interactive": {
                                    "type": "button_reply",
                                    "button_reply": {"id": "opp:1:draft", "title": "رسالة"},
                                },
                            }
                        ],
                    }
                }
            ]
        }
    ]
}


def _send(index: int, to: str, payload: dict) -> SentMessage:
    return SentMessage(index, recipient=to, payload=payload, status=200, response={})


def _check(*, present_caused: bool = True) -> list[Evidence]:
    text = {"type": "text", "text": {"body": "مرحباً"}}
    return [
        ControlCommand(
            "control",
            "present_opportunity",
            {"opportunity": {"id": "1"}},
            answer={"status": "sent"},
            caused=(Caused(0, "to operator 9665: card"),) if present_caused else (),
        ),
        Delivered(
            "tap 'opp:1:draft'",
            method="POST",
            path="/webhook",
            headers={},
            body='{"escaped": "\\u0631"}',
            decoded=TAP,
            signature="valid",
            answer=Answer(200, elapsed_s=0.002),
            caused=(Caused(1, "to prospect 9667: text"),),
        ),
        Sends((_send(0, "9665", CARD), _send(1, "9667", text))),
        BrokenBy((1,)),
    ]


def test_each_send_sits_under_the_step_that_caused_it_and_only_the_culprit_is_marked():
    entries = conversation(_check())
    assert [e.label for e in entries] == ["control", "tap 'opp:1:draft'"]
    card, text = entries[0].sends[0], entries[1].sends[0]
    assert (card.to, card.offending, card.bubble.kind) == ("operator 9665", False, "card")
    assert [b.title for b in card.bubble.buttons] == ["قبول", "تخطي", "رسالة"]
    assert (text.to, text.offending, text.bubble.body) == ("prospect 9667", True, "مرحباً")


def test_a_delivered_tap_reads_as_who_tapped_what_with_the_exact_bytes_kept():
    tap = conversation(_check())[1]
    assert tap.actor == "Meta"
    assert tap.summary == "نورة (9665) tapped «رسالة» (opp:1:draft)"
    assert tap.answer == "answered 200 in 2 ms"
    details = dict(tap.details)
    assert '"title": "رسالة"' in details["delivered JSON, decoded"]
    assert details["exact bytes as delivered"] == '{"escaped": "\\u0631"}'


def test_sends_no_step_claims_are_still_shown():
    entries = conversation(_check(present_caused=False))
    assert entries[-1].label == "other sends"
    assert [s.index for s in entries[-1].sends] == [0]


def test_odd_payloads_do_not_pass_for_cards():
    assert bubble(None).kind == "other"
    assert bubble({"type": "image"}).type_name == "image"
    assert (
        bubble({"type": "interactive", "interactive": {"action": {"buttons": ["x"]}}}).buttons == ()
    )


def test_outline_example_labels_read_as_written():
    assert example_label("f.py::test_x[\\u0639\\u0628\\u062f]") == "عبد"
    assert example_label("f.py::test_x[Sara / Sales @ Riyadh]") == "Sara / Sales @ Riyadh"
    assert example_label("f.py::test_x[a\\\\b]") == "a\\b"
    assert example_label("f.py::test_x") == ""

"""What the sandbox shows is true: spent faults, undelivered cards, taps with no effect,
alerts as written, a new session that forgets, and no secret of the run anywhere."""

from __future__ import annotations

import json

import pytest
import requests
from werkzeug.test import Client

from harness.errors import UsageError
from harness.sandbox import export, views
from harness.sandbox.web import SandboxApp
from tests.unit.sandbox.support import SECRETS, card_with, sandbox, start_demo, tap

LOCAL = {"Host": "127.0.0.1:8940"}


def test_a_fault_that_fired_shows_where_and_is_disarmed() -> None:
    with sandbox() as session:
        start_demo(session)
        tap(session, "رسالة")
        session.opt_in("prospect")
        session.write("prospect", "مرحبا")
        session.set_live_send(True)
        session.add_fault(130429, "prospect")
        armed = session.state()["faults"]
        tap(session, "اعتماد")
        state = Client(SandboxApp(session)).get("/api/state", headers=LOCAL).json
        fired = next(e for e in state["journal"] if e["fault"])
        rules = session.fake.faults
        # The fake would not fire it again: the next send to the prospect goes through.
        session.present()
        tap(session, "رسالة")
        tap(session, "اعتماد")
        last = session.fake.attempts[-1]
    assert [(f["label"], f["armed"]) for f in armed] == [("130429 Rate limit hit", True)]
    (spent,) = state["world"]["faults"]
    assert (spent["armed"], spent["fired_at"]) == (False, fired["index"])
    assert fired["fault"] == "130429 Rate limit hit"
    assert [r.trigger for r in rules] == ["next"]
    assert (last.recipient, last.status, last.fault) == (
        session.state()["people"]["prospect"]["wa_id"],
        200,
        None,
    )


def test_a_card_that_failed_is_greyed_and_its_taps_are_refused() -> None:
    with sandbox() as session:
        session.opt_in("operator")
        session.advance_clock(25)  # the operator's window closes
        session.present()
        card = card_with(session, "رسالة")
        draft = next(b for b in card["buttons"] if b["title"] == "رسالة")
        with pytest.raises(UsageError, match=r"never reached the phone .*131047"):
            session.tap("operator", draft["id"], "رسالة", context_id=card["wamid"])
        steps = len(session.snapshot().steps)
    assert (card["tick"], card["undelivered"]) == ("failed", True)
    assert card["error"].startswith("131047")
    # A refused tap is no step of the session, so no export replays it.
    assert steps == 3


def test_a_tap_that_caused_nothing_is_labelled_no_effect() -> None:
    with sandbox() as session:
        start_demo(session)
        tap(session, "رسالة")
        session.opt_in("prospect")
        session.set_live_send(True)
        tap(session, "اعتماد")
        tap(session, "اعتماد")  # the draft was sent already
        taps = [m for m in views.state(session)["phones"]["operator"] if m["from"] == "user"]
        text = export.transcript(session)
    assert [m["effect"] for m in taps] == ["1 send", "1 send, 1 alert", "no effect"]
    assert "(no effect: no send, no alert)" in text


def test_an_alert_without_a_code_is_its_message_alone() -> None:
    with sandbox() as session:
        start_demo(session)
        tap(session, "رسالة")
        tap(session, "اعتماد")
        text = export.transcript(session)
        (alert,) = views.state(session)["alerts"]
    assert alert["code"] is None
    assert "[-]" not in text
    assert "   alert: draft d-opp-1001 not sent: live sending is off" in text
    # The page isolates each Arabic run; here the message is all left to right.
    assert alert["runs"] == [[alert["message"], False]]


def test_the_journal_cuts_arabic_into_runs_the_page_isolates() -> None:
    with sandbox() as session:
        start_demo(session)
        (entry,) = views.state(session)["journal"]
    rtl = [text for text, is_rtl in entry["runs"] if is_rtl]
    assert "".join(text for text, _ in entry["runs"]) == f"#0 {entry['summary']}"
    assert rtl
    assert not any(mark in run for run in rtl for mark in ("->", "«", "»", "[", "|", "200"))


def test_a_new_session_forgets_everything_on_both_sides() -> None:
    with sandbox() as session:
        start_demo(session)
        tap(session, "رسالة")
        session.opt_in("prospect")
        session.add_fault(131047, "prospect")
        session.reset()
        state = views.state(session)
        alerts = session.target.control({"command": "alerts"})["alerts"]
        session.opt_in("operator")
        again = session.present()
    assert state["phones"] == {"operator": [], "prospect": [], "stranger": []}
    assert (state["journal"], state["alerts"], state["world"]["faults"]) == ([], [], [])
    assert not any(p["opted_in"] for p in state["world"]["people"].values())
    assert session.fake.faults == []
    assert alerts == []
    # The form starts over too, so a replayed export meets the same ids.
    assert again["id"] == "opp-1001"


def test_the_sandboxs_fake_and_page_mask_every_secret() -> None:
    leaky = {
        "id": "opp-7",
        "title": "فرصة",
        "company": "شركة",
        "summary": f"app {SECRETS['app_secret']} verify {SECRETS['verify_token']}",
        "prospect": {"name": "محسن", "wa_id": "966500000007"},
    }
    with sandbox() as session:
        session.opt_in("operator")
        session.present(leaky)
        sent = requests.get(
            session.graph_url + "/_harness/sent",
            headers={"Authorization": f"Bearer {SECRETS['access_token']}"},
            timeout=10,
        )
        page = json.dumps(views.state(session), ensure_ascii=False)
        card = json.dumps(session.fake.attempts[-1].payload, ensure_ascii=False)
    assert sent.status_code == 200
    assert "[redacted]" in sent.text
    assert "[redacted]" in page
    assert "[redacted]" in card
    for secret in SECRETS.values():
        assert secret not in sent.text
        assert secret not in page

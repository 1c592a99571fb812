"""The sandbox page in a real headless Chromium: tap the cards, break the window, export."""

from __future__ import annotations

import itertools
import re
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from harness.cloud_api.cards import Card
from harness.sandbox import open_sandbox
from harness.settings import build_settings
from tests.browser.conftest import WatchedPage
from tests.cli_support import ROOT, WA_HARNESS, free_port, http_target
from tests.unit.sandbox.support import SECRETS, replay

NODE_SAMPLE = "node tests/sample_targets/node/server.js"
# A card's answer arrives within a few seconds, on a loaded machine too.
WAIT_MS = 8000


def tap_message_then_see_the_draft_card(page: Page) -> None:
    operator = page.locator("#phone-operator")
    message = operator.get_by_role("button", name="رسالة", exact=True)
    expect(message).to_be_visible()
    assert message.evaluate("node => node.tagName") == "BUTTON"
    for title in ("قبول", "تخطي"):
        expect(operator.get_by_role("button", name=title, exact=True)).to_be_visible()
    assert operator.locator(".chat").get_attribute("dir") == "rtl"
    message.click()
    expect(operator.get_by_role("button", name="اعتماد", exact=True)).to_be_visible(timeout=WAIT_MS)


def leave_the_window_and_fail_with_131047(page: Page) -> None:
    page.get_by_role("button", name="Advance 25 h").click()
    expect(page.locator("#world-prospect")).to_contain_text("window closed")
    page.get_by_role("button", name="Opt in the prospect").click()
    page.get_by_role("button", name="Live sending on").click()
    page.locator("#fault-code").select_option("131047")
    page.get_by_role("button", name="Fail the next send").click()
    expect(page.locator("#faults")).to_contain_text("armed: 131047 Re-engagement message")
    page.locator("#phone-operator").get_by_role("button", name="اعتماد", exact=True).click()
    expect(page.locator("#alerts")).to_contain_text("131047", timeout=WAIT_MS)
    expect(page.locator("#phone-prospect .tick.failed")).to_have_count(1)
    expect(page.locator("#findings")).to_contain_text("none so far")
    # The fault fired on that send, so it no longer shows as armed.
    expect(page.locator("#faults")).to_contain_text("spent: 131047 Re-engagement message fired")


def test_the_reference_in_the_sandbox_page(watched: WatchedPage, tmp_path: Path) -> None:
    settings = build_settings(target="python:harness.reference", env={}, **SECRETS)
    session, server = open_sandbox(settings, demo=True)
    try:
        page = watched.page
        page.goto(server.url)
        tap_message_then_see_the_draft_card(page)
        leave_the_window_and_fail_with_131047(page)
        feature = page.request.get(server.url + "export/session.feature").text()
        transcript = page.request.get(server.url + "export/transcript.txt").text()
        shot = watched.screenshot("sandbox-reference")
    finally:
        server.stop()
        session.close()
    assert watched.errors == []
    assert shot.stat().st_size > 10_000
    assert "alert: [131047]" in transcript
    assert replay(feature, "python:harness.reference", tmp_path)["SBX-001"] == "passed"


@pytest.fixture
def node_sandbox() -> Iterator[str]:
    """``wa-harness sandbox --demo`` on the Node sample, started as a user would; its URL."""
    command = [WA_HARNESS, "sandbox", *http_target(NODE_SAMPLE), "--port", str(free_port())]
    process = subprocess.Popen(
        [*command, "--demo"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        found = re.search(r"open (http://127\.0\.0\.1:\d+/)", first)
        assert found, first + process.stdout.read() if process.poll() is not None else first
        yield found[1]
    finally:
        # Ctrl-C: the sandbox stops the Node server it started, then itself.
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        if process.stdout is not None:
            process.stdout.close()


@pytest.mark.slow
def test_the_node_sample_over_http_in_the_sandbox_page(
    watched: WatchedPage, node_sandbox: str
) -> None:
    page = watched.page
    page.goto(node_sandbox)
    expect(page.locator("#target")).to_contain_text("started with --target-cmd")
    tap_message_then_see_the_draft_card(page)
    leave_the_window_and_fail_with_131047(page)
    watched.screenshot("sandbox-node")
    assert watched.errors == []


# -- a session as a tester plays it, exported and replayed -------------------------------

# Where each character of ``text`` is drawn, for the first journal line holding it.
DRAWN_AT = """(text) => {
  for (const line of document.querySelectorAll("#journal li > div")) {
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const at = node.data.indexOf(text);
      if (at < 0) continue;
      return [...text].map((_, i) => {
        const range = document.createRange();
        range.setStart(node, at + i);
        range.setEnd(node, at + i + 1);
        const box = range.getBoundingClientRect();
        return [box.left, box.top];
      });
    }
  }
  return null;
}"""


def operator_taps(page: Page, title: str) -> None:
    """Tap ``title`` on the newest card of the operator's phone that offers it."""
    page.locator("#phone-operator").get_by_role("button", name=title, exact=True).last.click()


def write_as(page: Page, role: str, text: str) -> None:
    phone = page.locator(f"#phone-{role}")
    phone.get_by_role("textbox").fill(text)
    phone.get_by_role("button", name=f"Send as the {role}").click()
    expect(phone.locator(".bubble.user").last).to_contain_text(text, timeout=WAIT_MS)


def play_the_audit_session(page: Page) -> None:
    """Tap «رسالة», approve, opt in, live on, approve (131047), advance, fault, approve."""
    operator, alerts = page.locator("#phone-operator"), page.locator("#alerts")
    operator_taps(page, "رسالة")
    expect(operator.get_by_role("button", name="اعتماد", exact=True)).to_have_count(
        1, timeout=WAIT_MS
    )
    operator_taps(page, "اعتماد")
    expect(alerts).to_contain_text("not opted in", timeout=WAIT_MS)
    page.get_by_role("button", name="Opt in the prospect").click()
    expect(page.get_by_role("button", name="The prospect is opted in")).to_be_disabled()
    page.get_by_role("button", name="Live sending on").click()
    operator_taps(page, "اعتماد")
    expect(alerts).to_contain_text("[131047]", timeout=WAIT_MS)
    operator_taps(page, "اعتماد")  # the draft was sent already: nothing happens
    expect(operator.locator(".bubble.user").last).to_contain_text("no effect", timeout=WAIT_MS)
    page.get_by_role("button", name="Advance 25 h").click()
    expect(operator.locator(".jump")).to_contain_text("25 h later")
    write_as(page, "operator", "صباح الخير")
    page.locator("#fault-code").select_option("130429")
    page.get_by_role("button", name="Fail the next send").click()
    expect(page.locator("#faults")).to_contain_text("armed: 130429 Rate limit hit")
    page.get_by_role("button", name="Present the opportunity").click()
    expect(operator.get_by_role("button", name="رسالة", exact=True)).to_have_count(
        2, timeout=WAIT_MS
    )
    operator_taps(page, "رسالة")
    expect(operator.get_by_role("button", name="اعتماد", exact=True)).to_have_count(
        2, timeout=WAIT_MS
    )
    write_as(page, "prospect", "مرحبا")
    operator_taps(page, "اعتماد")
    expect(alerts).to_contain_text("[130429]", timeout=WAIT_MS)


def test_a_session_played_in_the_page_replays_green_on_its_build(
    watched: WatchedPage, tmp_path: Path
) -> None:
    settings = build_settings(target="python:harness.reference", env={}, **SECRETS)
    session, server = open_sandbox(settings, demo=True)
    try:
        page = watched.page
        page.goto(server.url)
        play_the_audit_session(page)
        faults = page.locator("#faults")
        expect(faults).to_contain_text("spent: 130429 Rate limit hit fired on send #")
        expect(faults).not_to_contain_text("armed:")
        state = page.request.get(server.url + "api/state").json()
        journal = page.locator("#journal")
        expect(journal).to_contain_text("fault: 130429 Rate limit hit")
        # Each Arabic run is isolated, so "-> 200" and "(#130429)" keep their places.
        runs = journal.locator("bdi").all_text_contents()
        drawn = [page.evaluate(DRAWN_AT, text) for text in ("…» -> 200", "-> 400 (#130429)")]
        feature = page.request.get(server.url + "export/session.feature").text()
        watched.screenshot("sandbox-audit-session")
    finally:
        server.stop()
        session.close()
    assert watched.errors == []
    assert [(f["code"], f["armed"]) for f in state["world"]["faults"]] == [(130429, False)]
    assert runs
    assert not any(mark in run for run in runs for mark in ("->", "#", "«", "»"))
    # Drawn left to right in the order written: not "200 <-" nor "(130429#)".
    for places in drawn:
        assert places is not None
        pairs = list(itertools.pairwise(places))
        assert all(a[0] < b[0] for a, b in pairs if a[1] == b[1]), places
    assert "-> 400 (#130429)" in "".join(e["summary"] for e in state["journal"])
    assert replay(feature, "python:harness.reference", tmp_path)["SBX-001"] == "passed"


def test_a_cold_outreach_session_fails_its_build_and_passes_the_reference(
    watched: WatchedPage, tmp_path: Path
) -> None:
    settings = build_settings(target="python:harness.examples.cold_outreach", env={}, **SECRETS)
    session, server = open_sandbox(settings, demo=True)
    try:
        page = watched.page
        page.goto(server.url)
        operator_taps(page, "رسالة")
        page.get_by_role("button", name="Live sending on").click()
        expect(page.locator("#live-state")).to_contain_text("on")
        operator_taps(page, "اعتماد")
        expect(page.locator("#findings")).to_contain_text("INV-003", timeout=WAIT_MS)
        expect(page.locator("#alerts")).to_contain_text("[131047]", timeout=WAIT_MS)
        feature = page.request.get(server.url + "export/session.feature?id=QAS-042").text()
    finally:
        server.stop()
        session.close()
    assert watched.errors == []
    # The 131047 came only from the illegal send: the fixed build never gets it.
    assert "131047" not in feature
    cold = replay(feature, "python:harness.examples.cold_outreach", tmp_path / "bug", "QAS-042")
    fixed = replay(feature, "python:harness.reference", tmp_path / "fix", "QAS-042")
    assert (cold["QAS-042"], fixed["QAS-042"]) == ("failed", "passed")


def test_an_undelivered_card_cannot_be_tapped(watched: WatchedPage) -> None:
    settings = build_settings(target="python:harness.reference", env={}, **SECRETS)
    session, server = open_sandbox(settings, demo=True)
    try:
        page = watched.page
        page.goto(server.url)
        page.get_by_role("button", name="Advance 25 h").click()
        page.get_by_role("button", name="Present the opportunity").click()
        undelivered = page.locator("#phone-operator .bubble.undelivered")
        expect(undelivered).to_have_count(1, timeout=WAIT_MS)
        expect(undelivered).to_contain_text("not delivered: 131047")
        message = undelivered.get_by_role("button", name="رسالة", exact=True)
        expect(message).to_be_disabled()
        # The card as the fake journaled it: the step's record of what it caused is only
        # complete once its effects settled, which the page need not wait for.
        wamid = next(a.wamid for a in reversed(session.fake.attempts) if Card.of(a.payload))
        refused = page.request.post(
            server.url + "api/tap",
            data={
                "role": "operator",
                "id": "opp:opp-1002:draft",
                "title": "رسالة",
                "context_id": wamid,
            },
        )
    finally:
        server.stop()
        session.close()
    assert watched.errors == []
    assert refused.status == 400
    assert "never reached the phone" in refused.json()["error"]


def test_the_page_fits_a_phone_and_starts_a_new_session(watched: WatchedPage) -> None:
    settings = build_settings(target="python:harness.reference", env={}, **SECRETS)
    session, server = open_sandbox(settings, demo=True)
    try:
        page = watched.page
        page.set_viewport_size({"width": 400, "height": 850})
        page.goto(server.url)
        tap_message_then_see_the_draft_card(page)
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.body.scrollWidth]"
        )
        composer = page.locator("#phone-prospect .composer")
        send_label = composer.get_by_role("button").text_content()
        watched.screenshot("sandbox-400")
        page.get_by_role("button", name="New session").click()
        expect(page.locator("#phone-operator .bubble")).to_have_count(0, timeout=WAIT_MS)
        expect(page.locator("#journal li")).to_have_count(0)
        expect(page.locator("#world-operator")).to_contain_text("not opted in")
    finally:
        server.stop()
        session.close()
    assert watched.errors == []
    assert max(widths) <= 400, widths
    assert send_label == "إرسال"


def test_the_stranger_taps_the_operators_card(watched: WatchedPage, tmp_path: Path) -> None:
    settings = build_settings(target="python:harness.reference", env={}, **SECRETS)
    session, server = open_sandbox(settings, demo=True)
    try:
        page = watched.page
        page.goto(server.url)
        tap_message_then_see_the_draft_card(page)
        page.locator("#tapper").select_option("stranger")
        operator_taps(page, "اعتماد")
        stranger = page.locator("#phone-stranger .bubble.user")
        expect(stranger).to_contain_text("اعتماد", timeout=WAIT_MS)
        expect(stranger).to_contain_text("no effect")
        feature = page.request.get(server.url + "export/session.feature").text()
    finally:
        server.stop()
        session.close()
    assert watched.errors == []
    assert 'When a number that has not opted in taps "approve" on the operator\'s card' in feature
    assert replay(feature, "python:harness.reference", tmp_path)["SBX-001"] == "passed"

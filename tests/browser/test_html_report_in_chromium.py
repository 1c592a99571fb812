"""The failing report of a cold-outreach implementation, as QA sees it in Chromium on a phone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.cli_support import ROOT, wa_harness_in_process

PHONE = {"width": 400, "height": 800}
ESCAPE = re.compile(r"\\u[0-9a-fA-F]{4}")
# Kept after the run for people to look at; the folder is ignored by git.
ARTIFACTS = ROOT / "reports" / "test-artifacts"


@pytest.fixture(scope="module")
def cold_outreach_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cold") / "report.html"
    result = wa_harness_in_process(
        "run", "--target", "python:harness.examples.cold_outreach", "--html", str(path)
    )
    assert result.returncode == 1, result.stderr
    return path


@pytest.fixture
def phone_page(browser: Any, cold_outreach_html: Path) -> Any:
    page = browser.new_page(viewport=PHONE)
    page.goto(cold_outreach_html.as_uri())
    yield page
    page.close()


def _open_evidence(page: Any) -> None:
    """Unfold every conversation and JSON copy, except Meta's exact bytes (escaped on purpose)."""
    page.evaluate(
        """() => document.querySelectorAll('details').forEach(d => {
            const label = d.querySelector('summary').textContent.trim();
            if (label !== 'exact bytes as delivered') d.open = true;
        })"""
    )


def test_no_sideways_scroll_at_phone_width(phone_page: Any) -> None:
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _open_evidence(phone_page)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_first_failure_is_flw_013_on_the_first_screen(phone_page: Any) -> None:
    first = phone_page.locator("#failures .cause a").first
    assert first.get_attribute("href") == "#check-FLW-013"
    box = first.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"]
    assert first.is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone_page.screenshot(path=str(ARTIFACTS / "cold_outreach-400px.png"), full_page=True)


def test_evidence_is_folded_until_asked_for(phone_page: Any) -> None:
    evidence = phone_page.locator("details.evidence")
    assert evidence.count() > 60
    assert phone_page.locator("details[open]").count() == 0


def test_the_offending_send_is_marked_and_explained_without_unfolding(phone_page: Any) -> None:
    marked = phone_page.locator("#check-FLW-013 .broken .send.offending")
    assert marked.count() == 1
    assert marked.is_visible()
    text = marked.inner_text()
    assert re.search(r"implementation → prospect \d+", text)
    assert "This send broke the rule" in text
    assert "went to the prospect" in text
    # The send before it, the operator's card, is not marked.
    _open_evidence(phone_page)
    sends = phone_page.locator("#check-FLW-013 details.evidence .send")
    assert sends.count() == 3
    assert [s.evaluate("e => e.classList.contains('offending')") for s in sends.all()] == [
        False,
        False,
        True,
    ]


def test_the_card_is_drawn_with_its_three_reply_buttons(phone_page: Any) -> None:
    phone_page.click("#check-FLW-013 details.evidence > summary")
    card = phone_page.locator("#check-FLW-013 details.evidence .send .card").first
    assert card.is_visible()
    buttons = card.locator("button")
    assert buttons.all_inner_texts() == ["قبول", "تخطي", "رسالة"]
    for button in buttons.all():
        assert button.is_visible()
        box = button.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]
    assert buttons.first.get_attribute("title") == "opp:opp-5013:accept"


def test_no_unicode_escapes_in_what_qa_reads(phone_page: Any) -> None:
    assert not ESCAPE.search(phone_page.inner_text("body"))
    _open_evidence(phone_page)
    text = phone_page.inner_text("body")
    assert not ESCAPE.search(text), ESCAPE.search(text)
    # The Scenario Outline example and the operator's name, as written.
    assert "عبدالله الشمري" in text
    assert "ثروت أبو داوود" in text


def test_meta_exact_bytes_are_kept_beside_the_decoded_copy(phone_page: Any) -> None:
    raw = phone_page.locator("#check-FLW-013 details.raw", has_text="exact bytes as delivered")
    assert raw.count() >= 2  # two taps, one of them repeated beside the offending send
    raw.first.evaluate("d => d.open = true")
    assert ESCAPE.search(raw.first.inner_text())
    # Beside the offending send: the operator's tap on «اعتماد» (approve) that caused it.
    decoded = phone_page.locator(
        "#check-FLW-013 .broken details.raw", has_text="delivered JSON, decoded"
    )
    decoded.evaluate("d => d.open = true")
    assert '"title": "اعتماد"' in decoded.inner_text()


DESKTOP = {"width": 1400, "height": 900}


@pytest.fixture(scope="module")
def four_buttons_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("four") / "report.html"
    result = wa_harness_in_process(
        "run", "--target", "python:harness.examples.four_buttons", "--html", str(path)
    )
    assert result.returncode == 1, result.stderr
    return path


def test_the_four_button_report_names_the_fourth_button_as_the_cause_on_its_first_screen(
    browser: Any, four_buttons_html: Path
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(four_buttons_html.as_uri())
    try:
        root = page.locator("#root-causes .root").first
        headline = root.locator(".message.excess")
        box = headline.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= DESKTOP["height"]
        text = headline.inner_text()
        assert "the card has 4 reply buttons; Meta allows 3" in text
        assert "«موعد» is one too many" in text
        blocked = page.locator("#root-causes .ids a")
        errors = int(page.locator(".count", has_text="errors").locator("b").inner_text())
        assert f"{errors} checks blocked by it" in text
        assert blocked.count() == errors
        # The refused card is drawn once, its fourth button struck through, on screen.
        extra = root.locator(":scope > .send button.reply.extra")
        assert extra.all_inner_texts() == ["موعد"]
        extra_box = extra.bounding_box()
        assert extra_box is not None
        assert extra_box["y"] + extra_box["height"] <= DESKTOP["height"]
        # Blocked checks wear their own badge, never the red "blocking" one.
        assert page.locator("#root-causes .badge.blocking").count() == 0
        assert page.locator("#root-causes .badge.blocked").count() == errors
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "four_buttons-1400px-first.png"))
    finally:
        page.close()


def test_alike_offending_sends_are_drawn_once_and_counted(
    browser: Any, four_buttons_html: Path
) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(four_buttons_html.as_uri())
    try:
        broken = page.locator("#check-INV-001 .broken .send.offending")
        assert broken.count() == 1
        assert re.search(r"\d+ × this card", broken.inner_text())
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        page.close()

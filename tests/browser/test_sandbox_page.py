"""The sandbox page in a real headless Chromium: tap the cards, break the window, export."""

from __future__ import annotations

import re
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

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
    expect(page.locator("#faults")).to_contain_text("reengagement")
    page.locator("#phone-operator").get_by_role("button", name="اعتماد", exact=True).click()
    expect(page.locator("#alerts")).to_contain_text("131047", timeout=WAIT_MS)
    expect(page.locator("#phone-prospect .tick.failed")).to_have_count(1)
    expect(page.locator("#findings")).to_contain_text("none so far")


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

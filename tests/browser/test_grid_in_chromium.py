"""The grid of several targets in Chromium on a phone: it fits, and a failure explains itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli_support import wa_harness_in_process

PHONE = {"width": 400, "height": 800}
REFERENCE = "python:harness.reference"
DEFECT = "python:harness.examples.cold_outreach"


@pytest.fixture(scope="module")
def grid(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("grid")
    page, report = folder / "grid.html", folder / "grid.json"
    result = wa_harness_in_process(
        "run",
        "--target",
        REFERENCE,
        "--target",
        DEFECT,
        "--html",
        str(page),
        "--json",
        str(report),
    )
    assert result.returncode == 1, result.stdout + result.stderr
    return page, json.loads(report.read_text("utf-8"))


@pytest.fixture
def phone_page(browser: Any, grid: tuple[Path, dict[str, Any]]) -> Any:
    page = browser.new_page(viewport=PHONE)
    page.goto(grid[0].as_uri())
    yield page
    page.close()


def test_no_sideways_scroll_at_phone_width_even_with_every_message_open(phone_page: Any) -> None:
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone_page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_failure_shows_its_message_and_leads_to_the_targets_own_report(
    phone_page: Any, grid: tuple[Path, dict[str, Any]]
) -> None:
    doc = grid[1]
    failed = next(row for row in doc["checks"] if row["cells"][1]["outcome"] == "failed")
    cell = phone_page.locator(f"#row-{failed['id']} details.cell.failed")
    assert cell.count() == 1
    assert "#2 cold_outreach" in cell.locator("summary").inner_text()
    cell.locator("summary").click()
    message = cell.locator(".message")
    assert message.is_visible()
    assert message.inner_text() == failed["cells"][1]["message"]
    link = cell.locator("a")
    link.click()
    phone_page.wait_for_load_state()
    assert phone_page.url.endswith(f"grid-2.html#check-{failed['id']}")
    assert phone_page.locator(f"#check-{failed['id']}").is_visible()


def test_each_target_shows_its_verdict_seed_and_report_links(phone_page: Any) -> None:
    first = phone_page.locator("#target-1").inner_text()
    second = phone_page.locator("#target-2").inner_text()
    assert "#1 reference" in first
    assert "PASS" in first
    assert "seed 0" in first
    assert "FAIL" in second
    links = phone_page.locator("#target-2 a.report-link")
    assert links.all_inner_texts() == ["json", "html"]
    assert phone_page.locator("text=T1").count() == 0

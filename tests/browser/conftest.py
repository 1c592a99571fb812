"""A real headless Chromium (Debian's package, driven by Playwright) for the report pages."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli_support import ROOT

# Flags for a quiet, offline browser: no sandbox (CI runs as root), no update or sync traffic.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Package scope, not session: Playwright's sync API keeps an event loop running on the main
# thread while it is open, and asyncio.run() in any later test would then refuse to start.
@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed; run 'make browser' (make test does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()


# Screenshots land beside the reports, which git ignores.
ARTIFACTS = ROOT / "reports" / "browser"


class WatchedPage:
    """A page that collects every console error and uncaught exception."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def watched(browser: Any) -> Iterator[WatchedPage]:
    context = browser.new_context(viewport={"width": 1500, "height": 950}, locale="ar-SA")
    page = context.new_page()
    yield WatchedPage(page)
    context.close()

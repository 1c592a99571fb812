"""A real headless Chromium (Debian's package, driven by Playwright) for the report pages."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

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

"""Open a sandbox session on a target, find cards on its phones, tap them as a tester would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from harness.sandbox import views
from harness.sandbox.session import SandboxSession
from harness.settings import build_settings
from tests.cli_support import ROOT

SECRETS = {
    "app_secret": "sandbox-test-app-secret",
    "access_token": "sandbox-test-access-token",
    "verify_token": "sandbox-test-verify-token",
}


@contextmanager
def sandbox(target: str = "python:harness.reference", **options: Any) -> Iterator[SandboxSession]:
    session = SandboxSession(build_settings(target=target, env={}, **SECRETS, **options))
    session.open()
    try:
        yield session
    finally:
        session.close()


def start_demo(session: SandboxSession) -> None:
    """What --demo does: the operator opts in and one opportunity is presented."""
    session.opt_in("operator")
    session.present()


def card_with(session: SandboxSession, title: str, role: str = "operator") -> dict[str, Any]:
    """The latest message on ``role``'s phone that offers a button titled ``title``."""
    for message in reversed(views.state(session)["phones"][role]):
        if any(b["title"] == title for b in message.get("buttons", [])):
            return message
    raise AssertionError(f"no card with a «{title}» button on the {role}'s phone")


def tap(session: SandboxSession, title: str, role: str = "operator") -> None:
    card = card_with(session, title, role)
    button = next(b for b in card["buttons"] if b["title"] == title)
    session.tap(role, button["id"], title, context_id=card["wamid"])


# Hands the plugin a run on TARGET, as the CLI does, so only the exported scenario runs.
CONFTEST = """
import pytest

from harness.checks.context import RunContext
from harness.pytest_plugin import RUN_KEY
from harness.settings import build_settings


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    config.stash[RUN_KEY] = RunContext(build_settings(target={target!r}))
"""


PYTEST = (sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider")


def replay(feature: str, target: str, tmp_path: Path) -> dict[str, str]:
    """Run the exported scenario with the step modules of the checks; outcome per check id."""
    (tmp_path / "exported").mkdir(parents=True)
    (tmp_path / "exported" / "session.feature").write_text(feature, encoding="utf-8")
    (tmp_path / "conftest.py").write_text(CONFTEST.format(target=target), encoding="utf-8")
    (tmp_path / "test_exported.py").write_text(
        'from pytest_bdd import scenarios\n\nscenarios("exported")\n', encoding="utf-8"
    )
    report = tmp_path / "report.json"
    result = subprocess.run(
        [*PYTEST, "test_exported.py", "--wa-json", str(report)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert report.exists(), result.stdout[-3000:] + result.stderr[-2000:]
    checks = json.loads(report.read_text(encoding="utf-8"))["checks"]
    return {c["id"]: c["outcome"] for c in checks}

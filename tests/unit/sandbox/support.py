"""Open a sandbox session on a target, find cards on its phones, tap them as a tester would."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from harness.sandbox import views
from harness.sandbox.session import SandboxSession
from harness.settings import build_settings
from tests.cli_support import wa_harness_in_process

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


def replay(feature: str, target: str, tmp_path: Path, check_id: str = "SBX-001") -> dict[str, str]:
    """``wa-harness run --features`` on the exported scenario alone; outcome per check id."""
    folder = tmp_path / "exported"
    folder.mkdir(parents=True)
    (folder / "session.feature").write_text(feature, encoding="utf-8")
    report = tmp_path / "report.json"
    result = wa_harness_in_process(
        "run", "--target", target, "--features", str(folder), "--check", check_id,
        "--json", str(report),
    )  # fmt: skip
    assert report.exists(), result.stdout[-3000:] + result.stderr[-2000:]
    checks = json.loads(report.read_text(encoding="utf-8"))["checks"]
    return {c["id"]: c["outcome"] for c in checks}

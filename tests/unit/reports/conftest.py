"""Hand-built run reports with planted secrets, shared by the report writer tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from harness.evidence import Data
from harness.reports.redaction import Redactor
from harness.results import ChecklistLine, CheckResult, CheckSpec, Level, Outcome, RunReport

APP_SECRET = "app-secret-5f1d9c0e77"
ACCESS_TOKEN = "EAAGm0PX4ZCpsBAKtoken9911"
VERIFY_TOKEN = "verify-me-7781"
SECRETS = (APP_SECRET, ACCESS_TOKEN, VERIFY_TOKEN)

ARABIC = "مرحبا، كيف يمكنني مساعدتك؟"


def _result(
    check_id: str,
    title: str,
    level: Level,
    profile: str,
    outcome: Outcome,
    message: str = "",
    evidence: list | None = None,
    lines: tuple[str, ...] = (),
) -> CheckResult:
    spec = CheckSpec(check_id, title, level, profile, lines)
    return CheckResult(spec, outcome, message, evidence or [], duration_s=0.125)


def build_report(*, strict: bool = False) -> RunReport:
    """Every outcome at every level, Arabic text, and the secrets planted everywhere."""
    results = [
        _result(
            "BTN-001",
            "Opportunity card has at most 3 buttons",
            Level.MUST,
            "cards",
            Outcome.PASSED,
            evidence=[Data({"buttons": 3, "labels": ["نعم", "لا"]})],
            lines=("C1",),
        ),
        _result(
            "BTN-002",
            "Button titles fit in 20 characters",
            Level.MUST,
            "cards",
            Outcome.FAILED,
            message=f"title too long: «{ARABIC}» (token {ACCESS_TOKEN})",
            evidence=[
                Data(
                    {
                        "request": {
                            "method": "POST",
                            "url": f"https://graph.example/v21.0/123/messages?access_token={ACCESS_TOKEN}",
                            "headers": {"Authorization": f"Bearer {ACCESS_TOKEN}"},
                            "body": {
                                "text": {"body": ARABIC},
                                "buttons": ["نعم", "لا", "ربما", "x"],
                            },
                        }
                    }
                ),
                Data({"raw": f"sig=sha256 key={APP_SECRET}".encode(), APP_SECRET: "as a key"}),
            ],
            lines=("C1", "C2"),
        ),
        _result(
            "WH-001",
            "Webhook verification echoes the challenge",
            Level.SHOULD,
            "webhook",
            Outcome.FAILED,
            message=f"hub.verify_token={VERIFY_TOKEN} was rejected",
            evidence=[
                Data({"query": {"hub.verify_token": VERIFY_TOKEN}, "status": 403, "ok": False})
            ],
            lines=("W1",),
        ),
        _result(
            "WH-002",
            "Signed webhook accepted",
            Level.MUST,
            "webhook",
            Outcome.ERROR,
            message=f"target crashed; secret {APP_SECRET}\nTraceback line two",
            evidence=[Data({"stderr": f"KeyError: {APP_SECRET!r}", "elapsed": float("nan")})],
            lines=("W2",),
        ),
        _result(
            "INF-001",
            "Reports the Graph API version",
            Level.INFO,
            "webhook",
            Outcome.SKIPPED,
            message="target has no version endpoint",
        ),
        _result(
            "INF-002",
            "Reply is in the customer's language",
            Level.INFO,
            "cards",
            Outcome.FAILED,
            message=f"expected Arabic reply, got English; wanted {ARABIC}",
        ),
    ]
    checklist = [
        ChecklistLine("C1", "Cards", "An opportunity card has at most three reply buttons"),
        ChecklistLine("C2", "Cards", "عناوين الأزرار قصيرة"),
        ChecklistLine("W1", "Webhook", "Verification answers the hub challenge"),
        ChecklistLine("W2", "Webhook", "Only correctly signed webhooks are accepted"),
        ChecklistLine("X9", "Extra", f"An uncovered line mentioning {VERIFY_TOKEN}"),
    ]
    return RunReport(
        harness_version="0.1.0",
        target=f"http://127.0.0.1:8080/webhook?verify_token={VERIFY_TOKEN}&secret={APP_SECRET}",
        started_at="2025-06-01T12:00:00Z",
        duration_s=3.5,
        results=results,
        checklist=checklist,
        strict=strict,
    )


@pytest.fixture
def redactor() -> Redactor:
    return Redactor(SECRETS)


@pytest.fixture
def report() -> RunReport:
    return build_report()


@pytest.fixture
def empty_report() -> RunReport:
    return RunReport("0.1.0", "python:empty", "2025-06-01T12:00:00Z", 0.0, [])


@pytest.fixture
def secrets() -> tuple[str, ...]:
    return SECRETS


@pytest.fixture
def arabic() -> str:
    return ARABIC


@pytest.fixture
def assert_clean() -> Callable[[str], None]:
    """Asserts that text holds none of the planted secrets."""

    def check(text: str) -> None:
        leaked = [secret for secret in SECRETS if secret in text]
        assert not leaked, f"secrets leaked: {leaked}"

    return check

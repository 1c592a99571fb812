"""A Python bot is graded the same whichever HTTP client it sends with.

requests and httpx calls are answered in-process; urllib, aiohttp and any other client
reach the same fake over its loopback URL, which is the base the target is handed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_support import invoke_cli, outcomes

# A whole graded run: `make test-slow` runs it (tests/README.md).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def by_requests(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The outcomes of the same bot sending with requests (the reference)."""
    report = tmp_path_factory.mktemp("requests") / "r.json"
    code, output = invoke_cli("run", "--json", str(report))
    assert code == 0, output
    return outcomes(report)


@pytest.mark.parametrize("client", ["urllib_client", "aiohttp_client"])
def test_a_bot_on_another_client_is_graded_like_the_same_bot_on_requests(
    client: str, by_requests: dict[str, str], tmp_path: Path
) -> None:
    report = tmp_path / "r.json"
    code, output = invoke_cli(
        "run", "--target", f"python:tests.sample_targets.{client}", "--json", str(report)
    )
    assert code == 0, output
    assert outcomes(report) == by_requests
    assert "Name or service not known" not in output
    # Its sends were judged, not skipped: the flow checks saw them arrive.
    data = json.loads(report.read_text(encoding="utf-8"))
    flow = next(c for c in data["checks"] if c["id"] == "FLW-015")
    assert any("sends" in item for item in flow["evidence"])


def test_the_loopback_fake_is_graded_with_requests_too(tmp_path: Path) -> None:
    # --graph in-process names the mode explicitly; it must behave as the default.
    report = tmp_path / "r.json"
    code, output = invoke_cli(
        "run",
        "--target",
        "python:tests.sample_targets.urllib_client",
        "--graph",
        "in-process",
        "--profile",
        "flow",
        "--json",
        str(report),
    )
    assert code == 0, output
    assert set(outcomes(report).values()) == {"passed"}

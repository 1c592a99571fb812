"""Every printed reproducer, run as printed, gives its check's outcome and message again."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from tests.cli_support import wa_harness_in_process

# A whole graded run: `make test-slow` runs it (tests/README.md).
pytestmark = pytest.mark.slow


def _checks(path: Path) -> dict[str, dict]:
    return {c["id"]: c for c in json.loads(path.read_text(encoding="utf-8"))["checks"]}


@pytest.mark.parametrize(
    ("target", "ids"),
    [
        ("python:harness.examples.cold_outreach", ("FLW-013", "FLW-014", "INV-003")),
        ("python:harness.examples.four_buttons", ("BTN-001", "FLW-002", "INV-001", "FLW-015")),
    ],
)
def test_a_reproducer_gives_the_same_outcome_and_message(
    tmp_path: Path, target: str, ids: tuple[str, ...]
) -> None:
    full = tmp_path / "full.json"
    wa_harness_in_process("run", "--target", target, "--json", str(full))
    checks = _checks(full)
    for check_id in ids:
        check = checks[check_id]
        assert check["outcome"] in ("failed", "error"), check
        argv = shlex.split(check["reproduce"])
        assert argv[:2] == ["wa-harness", "run"]
        alone = tmp_path / f"{check_id}.json"
        result = wa_harness_in_process(*argv[1:], "--json", str(alone))
        assert alone.exists(), result.stdout + result.stderr
        again = _checks(alone)[check_id]
        assert (again["outcome"], again["message"]) == (check["outcome"], check["message"])

"""httpx is patched only once it is imported: at once if it is, or the moment it is.

Each test runs in a fresh interpreter, the only place where httpx is not imported yet.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from graph_test_data import MESSAGES_PATH, TOKEN, USER, Bodies

ROOT = Path(__file__).resolve().parents[3]
ELSEWHERE = "https://api.example.com/v1/things"


def _fresh(script: str) -> dict[str, Any]:
    """Run ``script`` in a new interpreter; it prints one JSON document as its last line."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    document: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return document


def test_httpx_imported_while_the_fakes_are_on_is_answered_and_refused_in_process() -> None:
    seen = _fresh(
        f"""
        import json, sys
        from harness.fake_graph import FakeGraph
        from harness.fake_graph.in_process import InProcessFakes

        before = "httpx" in sys.modules or "respx" in sys.modules
        fake = FakeGraph(access_token={TOKEN!r}, seed=7)
        fake.open_window({USER!r})
        with InProcessFakes(fake) as fakes:
            import httpx  # the code under test, halfway through a check

            headers = {{"Authorization": "Bearer {TOKEN}"}}
            answer = httpx.post(fakes.url + {MESSAGES_PATH!r}, json={Bodies.text()!r},
                                headers=headers)
            try:
                httpx.get({ELSEWHERE!r})
                refused = ""
            except httpx.ConnectError as exc:
                refused = str(exc)
        print(json.dumps({{"before": before, "status": answer.status_code,
                           "attempts": len(fake.attempts), "refused": refused,
                           "lost": fake.lost.take()}}))
        """
    )
    assert seen["before"] is False
    assert (seen["status"], seen["attempts"]) == (200, 1)
    assert f"refused GET {ELSEWHERE}" in seen["refused"]
    assert seen["lost"] == []


def test_httpx_imported_before_the_fakes_start_is_patched_when_they_do() -> None:
    seen = _fresh(
        f"""
        import json, sys
        import httpx
        from harness.fake_graph import FakeGraph
        from harness.fake_graph.in_process import InProcessFakes

        fake = FakeGraph(access_token={TOKEN!r}, seed=7)
        with InProcessFakes(fake):
            try:
                httpx.get({ELSEWHERE!r})
                refused = ""
            except httpx.ConnectError as exc:
                refused = str(exc)
        print(json.dumps({{"refused": refused}}))
        """
    )
    assert f"refused GET {ELSEWHERE}" in seen["refused"]


def test_a_run_of_a_target_on_requests_never_imports_httpx() -> None:
    seen = _fresh(
        """
        import json, sys
        from harness.run import build_settings, run_conformance

        settings = build_settings(env={}, profiles="cards")
        report, _ = run_conformance(settings)
        print(json.dumps({"verdict": report.verdict().value,
                          "imported": sorted({"httpx", "respx"} & set(sys.modules)),
                          "watching": [type(f).__name__ for f in sys.meta_path]}))
        """
    )
    assert seen["verdict"] == "PASS"
    assert seen["imported"] == []
    # Once the run's fakes are off, the import system is as it was.
    assert "_ImportWatch" not in seen["watching"]

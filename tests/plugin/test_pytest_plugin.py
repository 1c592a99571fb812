"""In another project, ``pytest --wa-target ...`` runs the same checks with the same ids.

Each host project is a pytester directory run in-process: the plugin loads from its
entry point as it does in any environment, and a fresh interpreter would add only its
start-up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from tests.secret_pieces import leaked_pieces

pytest_plugins = ["pytester"]

SECRETS = {
    "WHATSAPP_APP_SECRET": "planted-app-secret-5f1c2d/q",
    "WHATSAPP_ACCESS_TOKEN": "planted-access-token-9a8b7c",
    "WHATSAPP_VERIFY_TOKEN": "planted-verify token&4e3d2c",
}


@dataclass(frozen=True)
class Finished:
    """How the host project's pytest run ended, and what it printed."""

    returncode: int
    stdout: str
    stderr: str


def _pytest(project: pytest.Pytester, *args: str) -> Finished:
    # The sample targets live in this repository, already importable here; a user's module
    # would be on their path.
    result = project.runpytest_inprocess("-q", *args)
    return Finished(int(result.ret), "\n".join(result.outlines), "\n".join(result.errlines))


def test_plugin_runs_the_checks_beside_the_projects_own_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_own="def test_own():\n    assert 2 + 2 == 4\n")
    report = pytester.path / "report.json"
    result = _pytest(
        pytester,
        "-rA",  # a summary line per test, the project's own one included
        "--wa-target",
        "python:harness.reference",
        "--wa-profile",
        "cards,webhook",
        "--wa-json",
        str(report),
    )

    assert result.returncode == 0, result.stdout[-2000:]
    data = json.loads(report.read_text(encoding="utf-8"))
    assert {c["profile"] for c in data["checks"]} == {"cards", "webhook"}
    assert {c["outcome"] for c in data["checks"]} == {"passed"}
    assert "wa-harness checks" in result.stdout
    assert "Verdict: PASS" in result.stdout
    assert "PASSED test_own.py::test_own" in result.stdout  # it ran among the checks
    assert f"{len(data['checks'])} checks" in result.stdout


def test_plugin_reports_a_broken_target_as_failed_tests(pytester: pytest.Pytester) -> None:
    result = _pytest(
        pytester, "--wa-target", "python:tests.sample_targets.four_buttons", "--wa-profile", "cards"
    )
    assert result.returncode == 1
    assert "BTN-001" in result.stdout


def test_k_selects_one_check_by_its_id_with_no_phantom_errors(pytester: pytest.Pytester) -> None:
    report = pytester.path / "report.json"
    result = _pytest(
        pytester,
        "--wa-target",
        "python:harness.reference",
        "-k",
        "FLW-013",
        "--wa-json",
        str(report),
    )

    assert result.returncode == 0, result.stdout[-2000:]
    assert "1 passed" in result.stdout
    data = json.loads(report.read_text(encoding="utf-8"))
    # The deselected checks are left out, not reported as errors.
    assert [(c["id"], c["outcome"]) for c in data["checks"]] == [("FLW-013", "passed")]
    assert data["verdict"] == "PASS"


def test_pytest_exit_status_follows_the_harness_verdict(pytester: pytest.Pytester) -> None:
    # A SHOULD check fails (HSK-003): the verdict is PASS, so pytest exits 0, unless strict.
    target = ("--wa-target", "python:tests.sample_targets.ignores_hub_mode")
    lenient = _pytest(pytester, *target, "--wa-profile", "webhook")
    strict = _pytest(pytester, *target, "--wa-profile", "webhook", "--wa-strict")

    assert "HSK-003" in lenient.stdout
    assert "Verdict: PASS" in lenient.stdout
    assert lenient.returncode == 0, lenient.stdout[-2000:]
    assert "Verdict: FAIL" in strict.stdout
    assert strict.returncode == 1, strict.stdout[-2000:]


def test_the_projects_own_failures_are_never_hidden_by_the_verdict(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_own="def test_own():\n    assert 2 + 2 == 5\n")
    result = _pytest(pytester, "--wa-target", "python:harness.reference", "--wa-profile", "cards")
    assert "Verdict: PASS" in result.stdout
    assert result.returncode == 1, result.stdout[-2000:]


def test_without_wa_target_the_plugin_stays_out_of_the_way(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_own="def test_own():\n    assert True\n")
    result = _pytest(pytester)
    assert result.returncode == 0
    assert "1 passed" in result.stdout
    assert "wa-harness" not in result.stdout


# A host project's own tests: each calls a real HTTP server on 127.0.0.1 with requests
# and httpx. The conftest places one before the checks, one among them and one after.
HOST_TESTS = """
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
import requests


class Hello(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, *args):
        pass


@pytest.fixture
def own_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def _calls(url):
    assert requests.get(url, timeout=5).text == "hello"
    assert httpx.get(url).text == "hello"


def test_own_before(own_server):
    _calls(own_server)


def test_own_between(own_server):
    _calls(own_server)


def test_own_after(own_server):
    _calls(own_server)
"""

HOST_CONFTEST = """
def pytest_collection_modifyitems(items):
    own = {item.name: item for item in items if item.name.startswith("test_own_")}
    checks = [item for item in items if item not in own.values()]
    middle = len(checks) // 2
    items[:] = [own["test_own_before"], *checks[:middle], own["test_own_between"],
                *checks[middle:], own["test_own_after"]]
"""


def test_the_projects_own_http_tests_run_untouched_around_the_checks(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_own_http=HOST_TESTS)
    pytester.makeconftest(HOST_CONFTEST)
    report = pytester.path / "report.json"
    result = _pytest(
        pytester,
        "-vv",  # one line per test, in the order run (-q is already given)
        "-p",
        "no:randomly",
        "--wa-target",
        "python:harness.reference",
        "--wa-profile",
        "cards,flow",
        "--wa-json",
        str(report),
    )

    assert result.returncode == 0, result.stdout[-3000:]
    lines = result.stdout.splitlines()
    ran = [line.split("::")[1].split()[0] for line in lines if "PASSED" in line and "::" in line]
    own = [name for name in ran if name.startswith("test_own_")]
    assert own == ["test_own_before", "test_own_between", "test_own_after"]
    between = ran.index("test_own_between")
    assert 0 < between < len(ran) - 1, "the host's test did not run among the checks"
    assert (ran[0], ran[-1]) == ("test_own_before", "test_own_after")
    data = json.loads(report.read_text(encoding="utf-8"))
    assert {c["outcome"] for c in data["checks"]} == {"passed"}
    assert any(c["profile"] == "flow" for c in data["checks"])  # the fake answered sends


def test_pytests_own_failure_output_shows_no_piece_of_a_secret(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # -rA and -vv: pytest prints every failure, its captured output and each check's line.
    target = "python:tests.sample_targets.leaks_secrets"
    flags = ("-vv", "-rA", "--wa-target", target, "--wa-profile", "cards,webhook")
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    result = _pytest(pytester, *flags)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "[redacted]" in result.stdout
    for name, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        pieces = leaked_pieces(text, SECRETS.values())
        assert not pieces, f"pieces of secrets in pytest's {name}: {pieces[:5]}"

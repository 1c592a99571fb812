"""A report path that cannot be written stops the run before grading: one line, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import UsageError
from harness.reports.writing import ReportPaths
from tests.cli_support import wa_harness_in_process

pytest_plugins = ["pytester"]


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "a-file"
    path.write_text("not a folder\n")
    return path


def _unwritable(a_file: Path) -> dict[str, tuple[str, str]]:
    """Option -> (a path it cannot write, what the line must say)."""
    return {
        "--json": ("/proc/x/r.json", "cannot write the JSON report to /proc/x/r.json"),
        "--html": (f"{a_file}/x.html", "a part of its folder path is a file"),
        "--transcript": (f"{a_file}/deeper/t.txt", "cannot write the transcript"),
        "--cucumber-json": (f"{a_file}/c.json", "cannot write the cucumber JSON report"),
        "--junit": (f"{a_file}/j.xml", "cannot write the JUnit report"),
    }


@pytest.mark.parametrize(
    "option", ["--json", "--html", "--transcript", "--cucumber-json", "--junit"]
)
def test_an_unwritable_report_path_is_one_line_and_exit_2_before_grading(
    option: str, a_file: Path
) -> None:
    path, needle = _unwritable(a_file)[option]
    done = wa_harness_in_process("run", "--check", "BTN-001", option, path)
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert needle in lines[0]
    assert "choose a path you can write" in lines[0]
    # No check ran: not even the banner that opens grading was printed.
    assert done.stdout == ""


def test_a_writable_path_in_a_new_folder_is_accepted_and_leaves_no_probe(tmp_path: Path) -> None:
    report = tmp_path / "new" / "deeper" / "r.json"
    ReportPaths(json=str(report)).check_writable()
    assert list((tmp_path / "new" / "deeper").iterdir()) == []


def test_a_folder_given_as_the_report_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="it is a folder; give a file name"):
        ReportPaths(html=str(tmp_path)).check_writable()


def test_the_plugin_gives_a_usage_line_for_an_unwritable_report(
    pytester: pytest.Pytester, a_file: Path
) -> None:
    result = pytester.runpytest_inprocess(
        "--wa-target", "python:harness.reference", "--wa-json", f"{a_file}/r.json"
    )
    errors = "\n".join(result.errlines)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert f"cannot write the JSON report to {a_file}/r.json" in errors
    assert "INTERNALERROR" not in errors + "\n".join(result.outlines)
    assert "Traceback" not in errors

"""Bad flags, targets, target files and payload files: exit 2 (or a replay line), one line."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli_support import ROOT, free_port
from tests.hostile.conftest import serve

CORPUS = ROOT / "recorded_payloads"
GOOD_FILES = ("button_reply_opp_accept.json", "status_read.json", "text_arabic.json")
APP_SECRET = "hostile-input-app-secret"


@pytest.fixture
def accepting_target() -> Iterator[str]:
    yield from serve("accept_all.py")


@pytest.fixture
def silent_target() -> Iterator[str]:
    yield from serve("silent.py")


@pytest.fixture
def corpus_with_bad_files(tmp_path: Path) -> Path:
    """Three good recorded payloads next to four broken ones."""
    for name in GOOD_FILES:
        shutil.copy(CORPUS / name, tmp_path / name)
    (tmp_path / "broken_truncated.json").write_bytes(b'{"object": "whatsapp_business_acc')
    (tmp_path / "broken_not_utf8.json").write_bytes(b'{"object": "\xff\xfe"}')
    (tmp_path / "broken_array.json").write_text("[1, 2, 3]", encoding="utf-8")
    (tmp_path / "broken_empty.json").write_bytes(b"")
    return tmp_path


def test_replay_reports_broken_files_and_replays_the_rest(
    run_case: Any, corpus_with_bad_files: Path, accepting_target: str
) -> None:
    ended = run_case(
        "replay with broken payload files",
        "replay",
        str(corpus_with_bad_files),
        "--target",
        accepting_target,
        "--app-secret",
        APP_SECRET,
        timeout=60,
    )
    ended.assert_no_traceback()
    assert ended.code == 1
    lines = {line.split()[0]: line for line in ended.stdout.splitlines() if ".json" in line}
    for name in GOOD_FILES:
        assert " 200 " in lines[name], lines[name]
    assert "not valid JSON" in lines["broken_truncated.json"]
    assert "not UTF-8" in lines["broken_not_utf8.json"]
    assert "expected an object" in lines["broken_array.json"]
    assert "invalid" in lines["broken_empty.json"]
    assert "3 answered 2xx" in ended.stdout
    assert "4 not sent (invalid)" in ended.stdout


def test_replay_against_a_silent_target_is_bounded(
    run_case: Any, corpus_with_bad_files: Path, silent_target: str
) -> None:
    ended = run_case(
        "replay to a silent target",
        "replay",
        str(corpus_with_bad_files),
        "--target",
        silent_target,
        "--app-secret",
        APP_SECRET,
        "--timeout",
        "0.5",
        timeout=60,
    )
    ended.assert_one_line("got no answer within 0.5 s")


def test_replay_of_a_missing_directory(run_case: Any, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    ended = run_case(
        "replay missing directory",
        "replay",
        str(missing),
        "--target",
        "http://127.0.0.1:9",
        "--app-secret",
        APP_SECRET,
        timeout=60,
    )
    ended.assert_one_line("does not exist")


def _bad_toml(tmp_path: Path) -> str:
    path = tmp_path / "bad.toml"
    path.write_text('[target\nmodule = "x', encoding="utf-8")
    return str(path)


def _no_module_toml(tmp_path: Path) -> str:
    path = tmp_path / "nomodule.toml"
    path.write_text('[target]\nroles = {parse_button_reply = "x"}\n', encoding="utf-8")
    return str(path)


BAD_USAGE = [
    ("bad flag", ["run", "--nope"], ["--nope", "wa-harness run --help"]),
    ("unknown command", ["grade"], ["grade", "wa-harness --help"]),
    ("ftp target", ["run", "--target", "ftp://x"], ["ftp://x", "http://host:port"]),
    ("empty python target", ["run", "--target", "python:"], ["python:", "python:package"]),
    ("nonsense target", ["run", "--target", "nonsense"], ["nonsense", "http://host:port"]),
    ("port out of range", ["run", "--target", "http://127.0.0.1:99999"], ["valid port"]),
    ("port not a number", ["run", "--target", "http://127.0.0.1:abc"], ["valid port"]),
    ("unknown profile", ["run", "--profile", "bogus"], ["bogus", "choose from"]),
    ("empty profile", ["run", "--profile", ","], ["choose from"]),
    ("zero timeout", ["run", "--timeout", "0"], ["--timeout"]),
    (
        "missing module",
        ["run", "--target", "python:does.not.exist"],
        ["does.not.exist", "install it"],
    ),
    (
        "missing target file",
        ["run", "--target-file", "/nonexistent/target.toml"],
        ["/nonexistent/target.toml", "does not exist"],
    ),
    ("replay without --target", ["replay"], ["--target"]),
    (
        "in-process graph for an HTTP target",
        ["run", "--graph", "in-process", "--target", "http://127.0.0.1:8000"],
        ["--graph in-process", "http://127.0.0.1:8000", "--graph loopback"],
    ),
    (
        "fake-graph on every interface",
        ["fake-graph", "--host", "0.0.0.0", "--port", "0", "--access-token", "tok-12345678"],
        ["0.0.0.0", "--allow-remote"],
    ),
]


# Through the console script as a user types them: one error click reports, one the
# harness reports. The rest run in-process; the script adds only an interpreter start-up.
SCRIPT_CASES = ("bad flag", "missing module")


@pytest.mark.parametrize(("name", "args", "needles"), BAD_USAGE, ids=[c[0] for c in BAD_USAGE])
def test_bad_usage_is_one_line_and_exit_2(
    run_case: Any, cli_case: Any, name: str, args: list[str], needles: list[str]
) -> None:
    ended = run_case(name, *args, timeout=60) if name in SCRIPT_CASES else cli_case(name, *args)
    ended.assert_one_line(*needles)


def test_invalid_toml_target_file(cli_case: Any, tmp_path: Path) -> None:
    path = _bad_toml(tmp_path)
    ended = cli_case("invalid TOML target file", "run", "--target-file", path)
    ended.assert_one_line(path, "not valid TOML")


def test_target_file_without_module(cli_case: Any, tmp_path: Path) -> None:
    path = _no_module_toml(tmp_path)
    ended = cli_case("target file without module", "run", "--target-file", path)
    ended.assert_one_line(path, "[target] table with module")


def test_unreachable_url_without_target_cmd(cli_case: Any) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    ended = cli_case("unreachable URL", "run", "--target", url)
    ended.assert_one_line(f"nothing answers at {url}", "--target-cmd")

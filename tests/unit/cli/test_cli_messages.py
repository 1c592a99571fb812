"""What the CLI says: the banner names what is graded and comes after errors, messages are
plain, help texts are whole, and a folder of scenario-less features is one line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.cli_support import wa_harness_in_process

NO_WEBHOOK = """
def create_app(config):
    def app(environ, start_response):
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"no such route"]
    return app
"""


def _one_line(done: object) -> str:
    code, stdout, stderr = done.returncode, done.stdout, done.stderr  # type: ignore[attr-defined]
    assert code == 2, stdout + stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stdout + stderr
    return str(lines[0])


def test_the_banner_names_the_target_of_the_target_file(tmp_path: Path) -> None:
    toml = tmp_path / "bot.toml"
    toml.write_text('[target]\nmodule = "tests.sample_targets.urllib_client"\n')
    done = wa_harness_in_process("run", "--target-file", str(toml), "--check", "BTN-001")
    first = done.stdout.splitlines()[0]
    assert "grading python:tests.sample_targets.urllib_client (cards; 1 check;" in first
    assert "harness.reference" not in first


def test_a_target_error_is_not_preceded_by_the_banner() -> None:
    done = wa_harness_in_process("run", "--target", "python:no_such_module_anywhere")
    assert "cannot import 'no_such_module_anywhere'" in _one_line(done)
    assert done.stdout == ""


def test_the_banner_names_each_profile_once_and_only_those_of_the_chosen_checks() -> None:
    done = wa_harness_in_process("run", "--profile", "cards,cards", "--check", "BTN-001")
    assert "(cards; 1 check; seed 0)" in done.stdout.splitlines()[0]
    done = wa_harness_in_process("run", "--check", "HSK-001")
    assert "(webhook; 1 check; seed 0)" in done.stdout.splitlines()[0]


def test_a_misspelled_role_mapping_names_the_role_and_the_missing_name(tmp_path: Path) -> None:
    toml = tmp_path / "bot.toml"
    toml.write_text(
        '[target]\nmodule = "harness.reference"\n'
        '[target.roles]\nbuild_opportunity_card = "opportunity_crad"\n'
    )
    line = _one_line(wa_harness_in_process("run", "--target-file", str(toml)))
    assert (
        "role build_opportunity_card maps to opportunity_crad, which harness.reference "
        "does not define" in line
    )


@pytest.mark.parametrize(("value", "length"), [("x", "1 character long"), ("xy", "2 characters")])
def test_a_short_secret_is_named_in_plain_words(value: str, length: str) -> None:
    line = _one_line(wa_harness_in_process("run", "--access-token", value))
    assert f"--access-token is only {length}" in line


def test_a_remote_host_for_the_fake_is_refused_without_python_in_the_message() -> None:
    line = _one_line(
        wa_harness_in_process("fake-graph", "--host", "0.0.0.0", "--access-token", "tok-12345678")
    )
    assert "pass --allow-remote to expose it" in line
    assert "allow_remote=True" not in line


def test_a_python_target_without_a_webhook_route_is_not_told_about_host_and_port(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "no_webhook_bot.py").write_text(textwrap.dedent(NO_WEBHOOK))
    monkeypatch.syspath_prepend(str(tmp_path))
    line = _one_line(wa_harness_in_process("run", "--target", "python:no_webhook_bot"))
    assert "GET /webhook answered 404" in line
    assert "host and port" not in line
    assert "create_app(config) returns must route GET and POST /webhook" in line


def test_a_features_folder_without_scenarios_is_one_line_for_run_and_checks(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.feature").write_text("Feature: nothing yet\n  Just a description.\n")
    for command in ("run", "checks"):
        line = _one_line(wa_harness_in_process(command, "--features", str(tmp_path)))
        assert f"--features {tmp_path}: its .feature files hold no scenarios" in line
        assert "NoScenariosFound" not in line


def test_the_top_level_help_has_whole_descriptions_and_the_exit_codes() -> None:
    text = wa_harness_in_process("--help").stdout
    commands = text.split("Commands:", 1)[1]
    assert "..." not in commands
    assert "with meaning and example." in " ".join(text.split())
    for code in ("0 PASS", "1 FAIL", "3 INCOMPLETE", "130 interrupted", "143 stopped by SIGTERM"):
        assert code in " ".join(text.split())


@pytest.mark.parametrize(
    ("command", "option", "words"),
    [
        ("replay", "--path", "Path of the target's webhook"),
        ("replay", "--timeout", "Seconds to wait for each answer"),
        ("fake-graph", "--port", "Port to listen on"),
        ("fake-graph", "--seed", "Seeds the message ids"),
        ("checks", "--features", "Also list the checks of the .feature files"),
    ],
)
def test_every_option_named_here_has_its_help(command: str, option: str, words: str) -> None:
    text = " ".join(wa_harness_in_process(command, "--help").stdout.split())
    start = text.index(option)
    assert words in text[start : start + 200]

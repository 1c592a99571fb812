"""Terminal progress: fixed-width lines, colour only on a TTY, summary, redaction."""

from __future__ import annotations

import io

import pytest

from harness.reports.terminal import Progress


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _progress_lines(report, redactor, stream=None) -> list[str]:
    stream = stream or io.StringIO()
    progress = Progress(redactor, stream)
    for result in report.results:
        progress.check_finished(result)
    return stream.getvalue().splitlines()


def test_one_fixed_width_line_per_check(report, redactor, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    lines = _progress_lines(report, redactor)
    assert len(lines) == len(report.results)
    assert lines[0] == "  PASS   BTN-001  MUST    Opportunity card has at most 3 buttons"
    assert lines[3] == "  ERROR  WH-002   MUST    Signed webhook accepted"
    assert lines[2].startswith("  FAIL   WH-001   SHOULD  ")
    for line, result in zip(lines, report.results, strict=True):
        assert result.spec.id in line
        assert line.index(result.spec.title) == 26  # titles line up
    assert "\x1b[" not in "".join(lines)  # a StringIO is not a terminal


def test_colour_only_on_a_tty(report, redactor, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    coloured = _progress_lines(report, redactor, FakeTty())
    assert "\x1b[" in coloured[0]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in "".join(_progress_lines(report, redactor, FakeTty()))


def test_defaults_to_stdout(report, redactor, capsys):
    Progress(redactor).check_finished(report.results[0])
    assert "BTN-001" in capsys.readouterr().out


def test_summary(report, redactor):
    written = {"json": "reports/report.json", "junit": "reports/junit.xml"}
    text = Progress(redactor, io.StringIO()).summary(report, written)
    assert "Ran 6 checks in 3.50s: 1 passed, 3 failed, 1 errors, 1 skipped" in text
    for check_id in ("BTN-002", "WH-001", "WH-002", "INF-002"):
        assert check_id in text
    assert "INF-001" not in text  # skipped checks are not problems
    assert "target has no version endpoint" not in text
    assert "Traceback line two" in text  # multi-line messages keep every line
    assert "Verdict: FAIL - 2 MUST check(s) failed or errored: BTN-002, WH-002" in text
    assert "reports/report.json" in text
    assert "reports/junit.xml" in text


@pytest.mark.parametrize("strict", [False, True])
def test_verdict_when_only_should_and_info_fail(report, redactor, strict):
    report.results = [r for r in report.results if r.spec.id != "BTN-002" and r.spec.id != "WH-002"]
    report.strict = strict
    text = Progress(redactor, io.StringIO()).summary(report)
    if strict:
        assert "Verdict: FAIL - 1 MUST or SHOULD check(s) failed or errored: WH-001" in text
    else:
        assert "Verdict: PASS - no MUST check failed (2 non-blocking failure(s))" in text


def test_no_secrets_anywhere(report, redactor, assert_clean):
    stream = io.StringIO()
    progress = Progress(redactor, stream)
    for result in report.results:
        progress.check_finished(result)
    progress.finish(report, {"json": "reports/report.json"})
    assert_clean(stream.getvalue())
    assert "[redacted]" in stream.getvalue()


def test_empty_report(empty_report, redactor):
    stream = io.StringIO()
    Progress(redactor, stream).finish(empty_report)
    text = stream.getvalue()
    assert "Ran 0 checks" in text
    assert "Verdict: PASS" in text


def test_a_counter_shows_how_far_the_run_is(report, redactor):
    stream = io.StringIO()
    progress = Progress(redactor, stream, total=lambda: len(report.results))
    for result in report.results:
        progress.check_finished(result)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "  [1/6] PASS   BTN-001  MUST    Opportunity card has at most 3 buttons"
    assert lines[5].startswith("  [6/6] FAIL   INF-002")


def test_quiet_prints_only_what_did_not_pass_and_verbose_adds_messages(report, redactor):
    quiet, verbose = io.StringIO(), io.StringIO()
    for stream, verbosity in ((quiet, -1), (verbose, 1)):
        progress = Progress(redactor, stream, total=lambda: 6, verbosity=verbosity)
        for result in report.results:
            progress.check_finished(result)
    assert "BTN-001" not in quiet.getvalue()
    assert [line.split()[1] for line in quiet.getvalue().splitlines()] == [
        "FAIL",
        "FAIL",
        "ERROR",
        "SKIP",
        "FAIL",
    ]
    lines = verbose.getvalue().splitlines()
    assert lines[0].startswith("  [1/6] PASS   BTN-001")
    at = next(i for i, line in enumerate(lines) if "INF-001" in line)
    assert lines[at + 1] == "  " + " " * len("[5/6] ") + "       target has no version endpoint"


@pytest.mark.parametrize(
    ("env", "tty", "expected"),
    [
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": "0"}, True, True),
        ({"FORCE_COLOR": "0"}, False, False),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
        ({}, False, False),
    ],
)
def test_colour_follows_no_color_and_force_color(redactor, monkeypatch, env, tty, expected):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    stream = FakeTty() if tty else io.StringIO()
    assert Progress(redactor, stream).colour is expected


def test_a_reader_that_goes_away_ends_the_output_not_the_run(report, redactor):
    class Closed(io.StringIO):
        attempts = 0

        def write(self, text: str) -> int:
            self.attempts += 1
            raise BrokenPipeError

    stream = Closed()
    progress = Progress(redactor, stream)
    assert report.results
    for result in report.results:
        progress.check_finished(result)
    progress.finish(report)
    # The run went on to its summary without an error; the first failed write was the last.
    assert stream.attempts == 1

"""The QA transcript: one block per check, steps in order with what they caused, redacted."""

from __future__ import annotations

import json
import re

from harness.evidence import (
    Answer,
    BrokenBy,
    Caused,
    ControlCommand,
    Delivered,
    Evidence,
    FailedAt,
    Note,
    Sends,
    SentMessage,
)
from harness.reports.transcript import render_transcript, write_transcript
from harness.results import CheckResult, CheckSpec, Level, Outcome, RunReport

FLOW_EVIDENCE: list[Evidence] = [
    ControlCommand(
        "control",
        "present_opportunity",
        {"operator": "966500000001"},
        answer={"status": "sent"},
        caused=(Caused(0, "to operator 966500000001: card «فرصة» [قبول opp:1:accept] -> 200"),),
    ),
    Delivered(
        "tap 'opp:1:draft'",
        method="POST",
        path="/webhook",
        headers={},
        body="",
        signature="valid",
        answer=Answer(200, "ok", 0.004),
        caused=(
            Caused(1, "to operator 966500000001: card «مسودة» [اعتماد msg:d-1:approve] -> 200"),
        ),
    ),
    Note("fake Graph API", "clock moved 25 h", None),
    Sends((SentMessage(0, recipient="966500000001"),)),
]


def _flow_report() -> RunReport:
    spec = CheckSpec("FLW-003", "Tapping draft sends the step-2 card", Level.MUST, "flow", ("D3",))
    result = CheckResult(spec, Outcome.FAILED, "no draft card reached the operator", FLOW_EVIDENCE)
    return RunReport("0.1.0", "python:bot", "2026-01-01T00:00:00+00:00", 1.0, [result])


def _plain(text: str) -> str:
    """The transcript without the invisible isolates around Arabic runs."""
    return text.replace("\u2068", "").replace("\u2069", "")


def test_steps_appear_in_order_with_the_sends_they_caused(redactor) -> None:
    text = _plain(render_transcript(_flow_report(), redactor))
    lines = text.splitlines()
    start = lines.index("== FLW-003 MUST FAILED: Tapping draft sends the step-2 card")
    block = "\n".join(lines[start:])
    assert lines[start + 1] == "   checklist: D3"
    assert lines[start + 2].startswith('   harness -> control {"command": "present_opportunity"')
    meta = "   Meta -> POST /webhook (tap 'opp:1:draft', signature valid) => 200 in 4 ms"
    order = [
        '"present_opportunity"',
        "«فرصة»",
        meta,
        "«مسودة»",
        "   harness -> fake Graph API clock moved 25 h",
        "   => no draft card reached the operator",
    ]
    positions = [block.index(part) for part in order]
    assert positions == sorted(positions)
    assert "messages the implementation sent" not in text
    assert "verdict FAIL" in lines[1]


def test_long_lines_wrap_whole_and_the_send_that_broke_the_rule_is_marked(redactor) -> None:
    body = "تواصل معنا بخصوص عرض سعر " * 12
    evidence: list[Evidence] = [
        ControlCommand(
            "control",
            "present_opportunity",
            {"summary": body},
            answer={"status": "sent", "tail": "END-OF-ANSWER"},
            caused=(
                Caused(0, "to operator 9665: card -> 200"),
                Caused(1, "to prospect 9667: text «مرحباً» -> 200"),
            ),
        ),
        BrokenBy((1,)),
        FailedAt("Then nothing was sent to the prospect"),
    ]
    spec = CheckSpec("FLW-013", "No cold outreach", Level.MUST, "flow")
    result = CheckResult(spec, Outcome.FAILED, "1 message(s) went to the prospect", evidence)
    text = render_transcript(RunReport("0.1.0", "t", "now", 1.0, [result]), redactor)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 100
    # Nothing is cut: the whole request and the end of the answer are there.
    assert "END-OF-ANSWER" in text
    assert "…" not in text
    assert _plain(" ".join(line.strip() for line in lines)).count("عرض سعر") == 12
    marked = [line for line in lines if "broke the rule" in line]
    assert len(marked) == 1
    assert marked[0].lstrip().startswith("✗ implementation -> to prospect 9667")
    assert "   failed at: Then nothing was sent to the prospect" in lines
    # Arabic runs are isolated so "«…» -> 200" keeps its order in a bidi-aware viewer.
    assert "«\u2068مرحباً\u2069» -> 200" in text


def test_every_check_has_a_block_and_no_secret_leaks(report, redactor, assert_clean, tmp_path):
    path = tmp_path / "out" / "transcript.txt"
    write_transcript(report, path, redactor)
    text = path.read_text(encoding="utf-8")
    for result in report.results:
        assert f"== {result.spec.id} " in text
    assert_clean(text)


def test_json_in_the_transcript_is_the_bytes_sent_without_isolates(redactor) -> None:
    command = {"command": "present_opportunity", "title": "قبول", "summary": "عرض سعر"}
    evidence: list[Evidence] = [
        ControlCommand(
            "control",
            "present_opportunity",
            {"title": "قبول", "summary": "عرض سعر"},
            answer={"status": "sent", "label": "تم"},
            caused=(Caused(0, "to operator 9665: card «قبول» -> 200"),),
        ),
    ]
    spec = CheckSpec("FLW-002", "Card reaches the operator", Level.MUST, "flow")
    result = CheckResult(spec, Outcome.PASSED, "", evidence)
    text = render_transcript(RunReport("0.1.0", "t", "now", 1.0, [result]), redactor)
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "harness -> control" in line)
    # The request and answer (wrapped onto following lines), up to the first prose line.
    end = next(i for i in range(start, len(lines)) if "implementation ->" in lines[i])
    json_line = " ".join(line.strip() for line in lines[start:end])
    assert not re.search("[\u2066-\u2069]", json_line)
    # Copied out of the transcript, the command is the one sent, byte for byte.
    assert json.dumps(command, ensure_ascii=False) in json_line
    assert json.dumps({"status": "sent", "label": "تم"}, ensure_ascii=False) in json_line
    # The prose line about what was sent keeps its isolates, so it reads in order.
    assert "«\u2068قبول\u2069» -> 200" in text

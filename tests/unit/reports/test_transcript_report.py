"""The QA transcript: one block per check, steps in order with what they caused, redacted."""

from __future__ import annotations

from harness.reports import render_transcript, write_transcript
from harness.results import CheckResult, CheckSpec, Level, Outcome, RunReport

FLOW_EVIDENCE = [
    {
        "step": "control",
        "request": {"command": "present_opportunity", "operator": "966500000001"},
        "answer": {"status": "sent"},
        "caused": ["to operator 966500000001: card «فرصة» [قبول opp:1:accept] -> 200"],
    },
    {
        "step": "tap 'opp:1:draft'",
        "method": "POST",
        "path": "/webhook",
        "signature": "valid",
        "answer": {"status": 200, "body": "ok", "elapsed_s": 0.004},
        "caused": ["to operator 966500000001: card «مسودة» [اعتماد msg:d-1:approve] -> 200"],
    },
    {"step": "fake Graph API", "request": "clock moved 25 h", "answer": None},
    {"step": "messages the implementation sent", "sends": [{"to": "966500000001"}]},
]


def _flow_report() -> RunReport:
    spec = CheckSpec("FLW-003", "Tapping draft sends the step-2 card", Level.MUST, "flow", ("D3",))
    result = CheckResult(spec, Outcome.FAILED, "no draft card reached the operator", FLOW_EVIDENCE)
    return RunReport("0.1.0", "python:bot", "2026-01-01T00:00:00+00:00", 1.0, [result])


def test_steps_appear_in_order_with_the_sends_they_caused(redactor) -> None:
    text = render_transcript(_flow_report(), redactor)
    lines = text.splitlines()
    start = lines.index("== FLW-003 MUST FAILED: Tapping draft sends the step-2 card")
    block = lines[start:]
    assert block[1] == "   checklist: D3"
    assert block[2].startswith('   harness -> control {"command": "present_opportunity"')
    assert "«فرصة»" in block[3]
    assert (
        block[4] == "   Meta -> POST /webhook (tap 'opp:1:draft', signature valid) => 200 in 4 ms"
    )
    assert "«مسودة»" in block[5]
    assert block[6] == "   harness -> fake Graph API clock moved 25 h"
    assert block[7] == "   => no draft card reached the operator"
    assert "messages the implementation sent" not in text
    assert "verdict FAIL" in lines[1]


def test_every_check_has_a_block_and_no_secret_leaks(report, redactor, assert_clean, tmp_path):
    path = tmp_path / "out" / "transcript.txt"
    write_transcript(report, path, redactor)
    text = path.read_text(encoding="utf-8")
    for result in report.results:
        assert f"== {result.spec.id} " in text
    assert_clean(text)

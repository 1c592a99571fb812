"""Evidence records: every kind masked in every string, its JSON shape kept, and picklable."""

from __future__ import annotations

import dataclasses
import io
import json
import pickle
import typing
from collections.abc import Mapping
from typing import Any, get_args, get_origin, get_type_hints

import pytest

from harness.evidence import (
    Answer,
    BrokenBy,
    Caused,
    ControlCommand,
    Data,
    Delivered,
    Evidence,
    FailedAt,
    Handshake,
    Note,
    Refused,
    Sends,
    SentMessage,
)
from harness.reports.evidence import as_json, masked
from harness.reports.html import render_html
from harness.reports.json_report import dumps
from harness.reports.junit import render_junit
from harness.reports.redaction import PIECE, Redactor
from harness.reports.terminal import Progress
from harness.reports.transcript import render_transcript
from harness.results import CheckResult, CheckSpec, Level, Outcome, RunReport

SECRET = "app-secret-0c1d2e3f4a"
REDACTOR = Redactor([SECRET])
KINDS = get_args(Evidence)


def _fill(hint: Any, name: str) -> Any:
    """A value of type ``hint`` with the secret in every string it can hold."""
    origin, args = get_origin(hint), get_args(hint)
    if hint is str:
        return f"{name} {SECRET}"
    if hint is bool:
        return True
    if hint is int:
        return 7
    if hint is float:
        return 0.25
    if hint is Any:
        return {f"said {SECRET}": f"{name} {SECRET}", SECRET: [SECRET, {f"deep {SECRET}": SECRET}]}
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return _fill(next(a for a in args if a is not type(None)), name)
    if origin is tuple:
        return (_fill(args[0], name), _fill(args[0], name + "2"))
    if origin is Mapping or origin is dict:
        return {f"{name}-{SECRET}": _fill(args[1], name)}
    if dataclasses.is_dataclass(hint):
        return _planted(hint)
    raise AssertionError(f"no filler for {hint!r}")


def _planted(cls: Any) -> Any:
    hints = get_type_hints(cls)
    return cls(**{f.name: _fill(hints[f.name], f.name) for f in dataclasses.fields(cls)})


def _strings(value: Any) -> list[str]:
    """Every string in a record, a mapping (keys too) or a sequence, however deep."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value):
        return [s for f in dataclasses.fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, Mapping):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []


PLANTED: list[Evidence] = [_planted(kind) for kind in KINDS]


def test_the_secret_is_planted_in_every_string_of_every_kind():
    # Honest: the masking test below would prove nothing for a field left empty.
    assert {type(item) for item in PLANTED} == set(KINDS)
    for item in PLANTED:
        strings = _strings(item)
        assert strings
        assert all(SECRET in s for s in strings), type(item).__name__


def test_every_string_of_every_kind_is_masked_even_in_pieces():
    for item in masked(PLANTED, REDACTOR):
        for text in _strings(item):
            pieces = {SECRET[i : i + PIECE] for i in range(len(SECRET) - PIECE + 1)}
            assert not any(piece in text for piece in pieces), (type(item).__name__, text)
    assert SECRET[:PIECE] not in json.dumps(as_json(masked(PLANTED, REDACTOR)))


def test_masking_keeps_each_record_what_it_was_and_cuts_after_masking():
    shown = masked(PLANTED, REDACTOR)
    assert [type(item) for item in shown] == [type(item) for item in PLANTED]
    delivered = next(item for item in shown if isinstance(item, Delivered))
    assert isinstance(delivered.answer, Answer)
    assert delivered.answer.status == 7
    assert all(isinstance(c, Caused) and c.index == 7 for c in delivered.caused)
    long = dataclasses.replace(delivered, body="x" * 60 + SECRET)
    (cut,) = masked([long], REDACTOR, limit=65)
    assert isinstance(cut, Delivered)
    # A secret straddling the cut is masked first: no piece of it survives.
    assert cut.body.startswith("x" * 40)
    assert cut.body.endswith(f"({len(long.body)} characters in all)")
    assert SECRET[:PIECE] not in cut.body


def test_every_kind_is_told_by_every_report_and_nothing_leaks():
    spec = CheckSpec("EVI-001", "every kind", Level.MUST, "flow")
    result = CheckResult(spec, Outcome.FAILED, "failed", list(PLANTED))
    report = RunReport("0", "t", "2026-01-01T00:00:00Z", 1.0, [result])
    stream = io.StringIO()
    progress = Progress(REDACTOR, stream)
    progress.check_finished(result)
    progress.finish(report)
    outputs = {
        "json": dumps(report, REDACTOR),
        "html": render_html(report, REDACTOR),
        "transcript": render_transcript(report, REDACTOR),
        "junit": render_junit(report, REDACTOR),
        "terminal": stream.getvalue(),
    }
    for name, text in outputs.items():
        assert SECRET[:PIECE] not in text, name
    steps = [item.step for item in masked(PLANTED, REDACTOR)]
    assert all(step in outputs["html"] for step in steps if step)


def test_records_keep_the_json_shape_report_consumers_know():
    caused = (Caused(3, "to operator 9665: card -> 200"),)
    delivered = Delivered(
        "tap 'opp:1:accept'",
        method="POST",
        path="/webhook",
        headers={"User-Agent": "facebookexternalua"},
        body='{"a":1}',
        answer=Answer(200, "ok", 0.0012),
        decoded={"a": 1},
        caused=caused,
        example="edit",
    )
    send = SentMessage(3, recipient="9665", payload={"type": "text"}, raw_body='{"type":"text"}')
    not_json = SentMessage(4, recipient="9665", payload=None, raw_body="garbage")
    records: list[Evidence] = [
        delivered,
        dataclasses.replace(delivered, decoded=None, caused=(), example=""),
        Handshake("GET /webhook handshake", {"hub.mode": "subscribe"}, "/webhook", {}, Answer(403)),
        ControlCommand("control", "opt_in", {"wa_id": "9665"}, {"ok": True}, caused),
        Note("fake Graph API", "clock moved 25 h", None),
        Refused(("refused GET http://elsewhere/",)),
        Sends((send, not_json)),
        BrokenBy((3,)),
        FailedAt("Then nothing was sent"),
        Data({"buttons": 3}),
        Data({"buttons": 3}, step="counted"),
    ]
    shown = as_json(records)
    posted = ["step", "method", "path", "headers", "body", "signature", "tampered", "answer"]
    assert [list(item) for item in shown] == [
        ["example", *posted, "decoded", "caused", "sent"],
        posted,
        ["step", "request", "answer"],
        ["step", "request", "answer", "caused", "sent"],
        ["step", "request", "answer"],
        ["step", "refused"],
        ["step", "sends"],
        ["step", "offending_sends"],
        ["step", "gherkin"],
        ["buttons"],
        ["step", "buttons"],
    ]
    assert shown[0]["answer"] == {"status": 200, "body": "ok", "elapsed_s": 0.0012}
    assert (shown[0]["caused"], shown[0]["sent"]) == (["to operator 9665: card -> 200"], [3])
    assert shown[2]["answer"] == {
        "method": "GET",
        "path": "/webhook",
        "query": {},
        "answer": {"status": 403, "body": "", "elapsed_s": 0.0},
    }
    assert shown[3]["request"] == {"command": "opt_in", "wa_id": "9665"}
    assert [s["step"] for s in shown[6:9]] == [
        "messages the implementation sent",
        "the rule was broken by",
        "failed at",
    ]
    # The raw body of a send only when it was not JSON, as the fake's journal shows it.
    first, second = shown[6]["sends"]
    assert "raw_body" not in first
    assert second["raw_body"] == "garbage"
    assert list(first) == [
        "index",
        "method",
        "path",
        "recipient",
        "payload",
        "status",
        "response",
        "at",
        "accepted",
        "violations",
        "wamid",
        "fault",
        "recipient_user_id",
        "unmodelled",
    ]


def test_records_cross_process_boundaries_and_cannot_be_changed():
    # Shards send their results to the parent through a pipe, pickled.
    assert pickle.loads(pickle.dumps(PLANTED)) == PLANTED
    with pytest.raises(dataclasses.FrozenInstanceError):
        PLANTED[0].step = "changed"  # type: ignore[misc]

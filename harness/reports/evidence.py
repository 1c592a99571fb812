"""Evidence records as reports show them: masked, as plain JSON data, and as readable text.

The JSON form of every record is written here, once; the JSON report's consumers depend
on it (reports/schemas/report.schema.json).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import fields, is_dataclass, replace
from typing import Any, assert_never

from harness.evidence import (
    Answer,
    BrokenBy,
    BrokenRule,
    Caused,
    ControlCommand,
    Data,
    Delivered,
    Evidence,
    FailedAt,
    Handshake,
    JudgedSend,
    Note,
    Refused,
    Sends,
    SentMessage,
)
from harness.reports.redaction import Redactor

# A run of right-to-left script, with the spaces and marks between its words. Isolating it
# keeps "«مرحباً» -> 200" in order: unisolated, the digits join the Arabic run and jump.
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
RTL_RUN = re.compile(f"[{_RTL}](?:[^A-Za-z0-9«»\\[\\]|<>(){{}}\"'\\n]*[{_RTL}])?")

_Record = Evidence | Answer | SentMessage | BrokenRule


def to_jsonable(value: Any) -> Any:
    """Return a JSON-safe copy: str keys, lists, strings, finite numbers; records as JSON."""
    # Done before redaction, so odd objects become strings the redactor then sees.
    kind = type(value)
    # The usual shapes first, by exact type: a report walks every value of every record.
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is dict:
        return {key if type(key) is str else str(key): to_jsonable(v) for key, v in value.items()}
    if kind is list or kind is tuple:
        return [to_jsonable(item) for item in value]
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        # NaN and infinity have no JSON spelling; json.dumps would emit invalid JSON.
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, Mapping):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(item) for item in value]
    if isinstance(value, _Record):
        return to_jsonable(_shape(value))
    return str(value)


def _shape(record: _Record) -> dict[str, Any]:
    """A record's fields under the keys the JSON report has always used."""
    if isinstance(record, Answer):
        return {"status": record.status, "body": record.body, "elapsed_s": record.elapsed_s}
    if isinstance(record, SentMessage):
        return _sent(record)
    if isinstance(record, BrokenRule):
        return {
            "json_path": record.json_path,
            "rule": record.rule,
            "details": record.details,
            "code": record.code,
        }
    head = {"example": record.example} if record.example else {}
    return {**head, **_body(record)}


def _body(item: Evidence) -> dict[str, Any]:
    if isinstance(item, Delivered):
        shown = {
            "step": item.step,
            "method": item.method,
            "path": item.path,
            "headers": item.headers,
            "body": item.body,
            "signature": item.signature,
            "tampered": item.tampered,
            "answer": item.answer,
        }
        decoded = {} if item.decoded is None else {"decoded": item.decoded}
        return {**shown, **decoded, **_caused(item.caused)}
    if isinstance(item, Handshake):
        answer = {"method": "GET", "path": item.path, "query": item.query, "answer": item.answer}
        return {"step": item.step, "request": item.request, "answer": answer}
    if isinstance(item, ControlCommand):
        request = {"command": item.command, **item.arguments}
        return {"step": item.step, "request": request, "answer": item.answer} | _caused(item.caused)
    if isinstance(item, Note):
        return {"step": item.step, "request": item.request, "answer": item.answer} | _caused(
            item.caused
        )
    if isinstance(item, Refused):
        return {"step": item.step, "refused": item.calls}
    if isinstance(item, Sends):
        return {"step": item.step, "sends": item.sends}
    if isinstance(item, JudgedSend):
        return {"step": item.step, "send": item.send}
    if isinstance(item, BrokenBy):
        return {"step": item.step, "offending_sends": item.sends}
    if isinstance(item, FailedAt):
        return {"step": item.step, "gherkin": item.gherkin}
    if isinstance(item, Data):
        return {"step": item.step, **item.fields} if item.step else dict(item.fields)
    assert_never(item)


def _caused(caused: tuple[Caused, ...]) -> dict[str, Any]:
    if not caused:
        return {}
    return {"caused": [c.summary for c in caused], "sent": [c.index for c in caused]}


def _sent(send: SentMessage) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "index": send.index,
        "method": send.method,
        "path": send.path,
        "recipient": send.recipient,
        "payload": send.payload,
    }
    if send.payload is None:
        # The raw body only when it was not JSON: otherwise the payload says it all.
        shown["raw_body"] = send.raw_body
    return shown | {
        "status": send.status,
        "response": send.response,
        "at": send.at,
        "accepted": send.accepted,
        "violations": send.violations,
        "wamid": send.wamid,
        "fault": send.fault,
        "recipient_user_id": send.recipient_user_id,
        "unmodelled": send.unmodelled,
    }


def masked(
    evidence: Sequence[Evidence], redactor: Redactor, *, limit: int | None = None
) -> tuple[Evidence, ...]:
    """The records with every string in them masked (then, with ``limit``, cut)."""
    return tuple(_masked(item, redactor, limit) for item in evidence)


def _masked(value: Any, redactor: Redactor, limit: int | None) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        changed = {f.name: _masked(getattr(value, f.name), redactor, limit) for f in fields(value)}
        return replace(value, **changed)
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, tuple):
        return tuple(_masked(v, redactor, limit) for v in value)
    # Strings and the implementation's own data (payloads, answers, headers): as JSON.
    return redactor.data(to_jsonable(value), limit=limit)


def as_json(evidence: Sequence[Evidence]) -> list[dict[str, Any]]:
    """The records as the JSON report writes them."""
    return [to_jsonable(_shape(item)) for item in evidence]


def pretty(value: Any) -> str:
    """Indented JSON for people, keeping Arabic and other scripts as written."""
    # Plain data is written as it is; only what JSON cannot spell (a record) is converted.
    return json.dumps(value, ensure_ascii=False, indent=2, default=to_jsonable)

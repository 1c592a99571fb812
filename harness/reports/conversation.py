"""A check's evidence retold as a conversation: what Meta delivered, who tapped, what was sent.

Reads the records as the reports show them (``json_report.shown_evidence``: every string
masked), so nothing shown here can bypass redaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from harness.cloud_api.cards import Card, Reply
from harness.evidence import (
    Answer,
    BrokenBy,
    BrokenRule,
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
    WithCauses,
    sends_of,
)
from harness.evidence import offending as offending_sends
from harness.reports.evidence import pretty, to_jsonable


@dataclass(slots=True)
class Bubble:
    """One message as WhatsApp would show it: a card with reply buttons, or plain text."""

    kind: str  # "card", "text" or "other"
    body: str = ""
    header: str = ""
    footer: str = ""
    buttons: tuple[Reply, ...] = ()
    type_name: str = ""


@dataclass(slots=True)
class Send:
    """A message the implementation asked the fake Graph API to send, and Meta's answer."""

    index: int
    to: str
    bubble: Bubble
    status: str
    error: str
    offending: bool
    payload_text: str
    violations: list[str]
    # Alike sends shown once: how many there were, and where the others happened.
    count: int = 1
    also_during: list[str] = field(default_factory=list)

    def likeness(self) -> tuple[Any, ...]:
        """What makes two sends alike for a reader: the same card, answer and rule broken."""
        buttons = tuple(b.title for b in self.bubble.buttons)
        return (
            self.bubble.kind,
            buttons,
            self.status,
            self.error,
            tuple(self.violations),
            self.offending,
        )


@dataclass(slots=True)
class Entry:
    """One step of a check: who acted, what it said, its answer, and the sends it caused."""

    actor: str
    label: str
    summary: str
    answer: str = ""
    example: str = ""
    details: list[tuple[str, str]] = field(default_factory=list)
    built: Bubble | None = None
    sends: list[Send] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


def conversation(evidence: Sequence[Evidence]) -> list[Entry]:
    """The check's evidence as conversation entries, in the order things happened."""
    offending = offending_sends(evidence)
    captured = {send.index: send for item in evidence for send in sends_of(item)}
    shown: set[int] = set()
    entries = []
    for item in evidence:
        if isinstance(item, Sends | BrokenBy | FailedAt):
            continue
        entry = _entry(item)
        for caused in item.caused if isinstance(item, WithCauses) else ():
            if caused.index in captured:
                entry.sends.append(_send(captured[caused.index], [caused.summary], offending))
                shown.add(caused.index)
            else:
                entry.unmatched.append(caused.summary)
        if isinstance(item, JudgedSend):
            entry.sends.append(_send(item.send, [], offending))
            shown.add(item.send.index)
        entries.append(entry)
    rest = [captured[i] for i in sorted(captured) if i not in shown]
    if rest:
        others = Entry("implementation", "other sends", f"{len(rest)} send(s) not tied to a step")
        others.sends = _collapsed([_send(send, [], offending) for send in rest])
        entries.append(others)
    return _merged(entries)


def _collapsed(sends: list[Send]) -> list[Send]:
    """Alike sends one after another become one, counted ("51 × this card")."""
    kept: list[Send] = []
    for send in sends:
        if kept and kept[-1].likeness() == send.likeness():
            kept[-1].count += 1
        else:
            kept.append(send)
    return kept


def _merged(entries: list[Entry]) -> list[Entry]:
    """Steps that only carry one send alike to the step before are folded into it."""
    kept: list[Entry] = []
    for entry in entries:
        entry.sends = _collapsed(entry.sends)
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and _only_a_send(entry)
            and _only_a_send(previous)
            and previous.sends[0].likeness() == entry.sends[0].likeness()
        ):
            previous.sends[0].count += entry.sends[0].count
            previous.sends[0].also_during.append(entry.label)
            continue
        kept.append(entry)
    return kept


def _only_a_send(entry: Entry) -> bool:
    return (
        entry.actor == "implementation"
        and len(entry.sends) == 1
        and not (entry.details or entry.unmatched or entry.built or entry.summary)
    )


def _entry(item: Evidence) -> Entry:
    if isinstance(item, Delivered):
        return _delivery(item)
    if isinstance(item, Refused):
        # A shape this view draws as data: shown whole rather than lost.
        details = [("data", pretty({"refused": item.calls}))]
        return Entry("harness", item.step, "", example=item.example, details=details)
    if isinstance(item, Data):
        details = [("data", pretty(item.fields))]
        return Entry("harness", item.step or "evidence", "", example=item.example, details=details)
    if isinstance(item, JudgedSend):
        return Entry("implementation", item.step, "", example=item.example)
    if isinstance(item, Handshake):
        request, answer = dict(item.request), _handshake_answer(item)
    elif isinstance(item, ControlCommand):
        request = {"command": item.command, **item.arguments}
        answer = _plain(item.answer)
    else:
        assert isinstance(item, Note)
        request, answer = _plain(item.request), _plain(item.answer)
    actor = "fake Graph API" if item.step == "fake Graph API" else "harness"
    summary = _command(item) if isinstance(item, ControlCommand) else ""
    if isinstance(request, str):
        summary = request
    entry = Entry(actor, item.step, summary, example=item.example)
    built = bubble(answer) if item.step.startswith("build_") and isinstance(answer, dict) else None
    if built is not None and built.kind != "other":
        entry.built = built
    if built is not None:
        entry.answer = "built this card (not sent):"
    elif answer is not None:
        entry.answer = f"answered {_flat(answer)}"
    if request is not None and not isinstance(request, str):
        entry.details.append(("request", pretty(request)))
    if answer is not None:
        entry.details.append(("answer", pretty(answer)))
    return entry


def _plain(value: Any) -> Any:
    """Data as it was given, a record (an HTTP answer) as its JSON."""
    return to_jsonable(value) if isinstance(value, Answer) else value


def _handshake_answer(item: Handshake) -> dict[str, Any]:
    """The verification GET and its answer, as the step's answer."""
    shown: dict[str, Any] = to_jsonable(
        {"method": "GET", "path": item.path, "query": item.query, "answer": item.answer}
    )
    return shown


def _delivery(item: Delivered) -> Entry:
    decoded = item.decoded
    summary = describe_notification(decoded) if decoded is not None else "a body that is not JSON"
    if item.signature and item.signature != "valid":
        summary += f" (signature: {item.signature})"
    if item.tampered:
        summary += " (body tampered after signing)"
    entry = Entry("Meta", item.step, summary, example=item.example)
    entry.answer = _answer_text(item.answer)
    if decoded is not None:
        entry.details.append(("delivered JSON, decoded", pretty(decoded)))
    entry.details += [
        ("exact bytes as delivered", item.body),
        ("headers", pretty(item.headers)),
        ("answer", pretty(item.answer)),
    ]
    return entry


def describe_notification(decoded: Any) -> str:
    """``operator Nora (9665…) tapped «قبول» (opp:1:accept)`` and the like, one per event."""
    events = []
    for value in _values(decoded):
        names = {
            c.get("wa_id"): (c.get("profile") or {}).get("name")
            for c in value.get("contacts") or []
            if isinstance(c, dict)
        }
        for message in value.get("messages") or []:
            if isinstance(message, dict):
                who = message.get("from", "?")
                name = names.get(who)
                person = f"{name} ({who})" if name else str(who)
                events.append(f"{person} {_message_action(message)}")
        events.extend(
            f"status {status.get('status', '?')} for a message"
            for status in value.get("statuses") or []
            if isinstance(status, dict)
        )
    return "; ".join(events) or "a notification with no messages or statuses"


def _values(decoded: Any) -> Iterator[dict[str, Any]]:
    if not isinstance(decoded, dict):
        return
    for entry in decoded.get("entry") or []:
        changes = entry.get("changes") if isinstance(entry, dict) else None
        for change in changes if isinstance(changes, list) else []:
            value = change.get("value") if isinstance(change, dict) else None
            if isinstance(value, dict):
                yield value


def _message_action(message: Mapping[str, Any]) -> str:
    interactive = message.get("interactive")
    if isinstance(interactive, dict):
        reply = interactive.get("button_reply") or interactive.get("list_reply") or {}
        if isinstance(reply, dict):
            return f"tapped «{reply.get('title', '')}» ({reply.get('id', '')})"
    button = message.get("button")
    if isinstance(button, dict):
        return f"tapped «{button.get('text', '')}» ({button.get('payload', '')})"
    text = message.get("text")
    if isinstance(text, dict):
        return f"wrote «{text.get('body', '')}»"
    return f"sent a {message.get('type', 'message')}"


def bubble(payload: Any) -> Bubble:
    """How WhatsApp would draw a message payload (or a builder's card)."""
    if not isinstance(payload, dict):
        return Bubble("other", type_name=type(payload).__name__)
    kind = str(payload.get("type", ""))
    if kind == "text":
        return Bubble("text", body=str((payload.get("text") or {}).get("body", "")))
    card = Card.of(payload)
    if card is not None:
        return Bubble(
            "card",
            body=card.body,
            header=card.header,
            footer=card.footer,
            buttons=card.buttons,
            type_name=card.kind,
        )
    return Bubble("other", type_name=kind or "unknown")


def _send(send: SentMessage, caused: list[str], offending: set[int]) -> Send:
    to = str(send.recipient or "?")
    if caused and caused[0].startswith("to "):
        to = caused[0][3:].split(":", 1)[0]
    error = send.response.get("error") or {}
    message = error.get("message", "") if isinstance(error, dict) else ""
    return Send(
        index=send.index,
        to=to,
        bubble=bubble(send.payload),
        status=str(send.status),
        error=str(message),
        offending=send.index in offending,
        payload_text=pretty(send.payload if send.payload is not None else send.raw_body),
        violations=[_violation(v) for v in send.violations],
    )


def _violation(violation: BrokenRule) -> str:
    """A schema violation as people read it: its path and details."""
    code = f" (#{violation.code})" if violation.code else ""
    details = f"{violation.details}{code}"
    return f"{violation.json_path}: {details}" if violation.json_path else details


def _answer_text(answer: Answer) -> str:
    return f"answered {answer.status} in {answer.elapsed_s * 1000:.0f} ms"


def _command(item: ControlCommand) -> str:
    """``present_opportunity(operator=9665…, opportunity=…)``."""
    rest = _flat(dict(item.arguments))
    return f"{item.command}({rest})" if rest else item.command


def _flat(value: Any) -> str:
    """``status=ok, wa_id=9665…`` for a small answer; nested parts are left to the details."""
    if isinstance(value, dict):
        return ", ".join(
            f"{k}={'…' if isinstance(v, dict | list) else v}" for k, v in value.items()
        )
    if isinstance(value, list):
        return f"{len(value)} item(s)"
    return str(value)

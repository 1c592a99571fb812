"""A check's evidence retold as a conversation: what Meta delivered, who tapped, what was sent.

Works on the redacted JSON report data only, so nothing shown here can bypass redaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from harness.reports.evidence import pretty

# Evidence steps with a fixed meaning (written by the check runner).
SENDS_STEP = "messages the implementation sent"
OFFENDING_STEP = "the rule was broken by"
# The Gherkin step a check failed at.
FAILED_STEP = "failed at"


@dataclass(frozen=True, slots=True)
class Button:
    title: str
    id: str


@dataclass(slots=True)
class Bubble:
    """One message as WhatsApp would show it: a card with reply buttons, or plain text."""

    kind: str  # "card", "text" or "other"
    body: str = ""
    header: str = ""
    footer: str = ""
    buttons: list[Button] = field(default_factory=list)
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


def conversation(check: Mapping[str, Any]) -> list[Entry]:
    """The check's evidence as conversation entries, in the order things happened."""
    evidence = [item for item in check.get("evidence") or [] if isinstance(item, dict)]
    offending = {
        i
        for item in evidence
        if item.get("step") == OFFENDING_STEP
        for i in item.get("offending_sends") or []
    }
    captured = {
        send["index"]: send
        for item in evidence
        for send in _sends_of(item)
        if isinstance(send.get("index"), int)
    }
    shown: set[int] = set()
    entries = []
    for item in evidence:
        step = item.get("step", "")
        if step in (SENDS_STEP, OFFENDING_STEP, FAILED_STEP):
            continue
        entry = _entry(item)
        for position, index in enumerate(item.get("sent") or []):
            caused = (item.get("caused") or [])[position : position + 1]
            if index in captured:
                entry.sends.append(_send(captured[index], caused, offending))
                shown.add(index)
            else:
                entry.unmatched.extend(caused)
        if "send" in item and isinstance(item["send"], dict):
            entry.sends.append(_send(item["send"], [], offending))
            shown.add(item["send"].get("index", -1))
        elif "sent" not in item:
            entry.unmatched.extend(item.get("caused") or [])
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


def failed_step(check: Mapping[str, Any]) -> str:
    """The Gherkin step the check failed at (``Then nothing was sent…``), if known."""
    for item in check.get("evidence") or []:
        if isinstance(item, dict) and item.get("step") == FAILED_STEP:
            return str(item.get("gherkin", ""))
    return ""


def _sends_of(item: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for send in item.get("sends") or []:
        if isinstance(send, dict):
            yield send
    if isinstance(item.get("send"), dict):
        yield item["send"]


def _entry(item: Mapping[str, Any]) -> Entry:
    step = str(item.get("step", ""))
    example = str(item.get("example", ""))
    if "method" in item and "body" in item:
        return _delivery(item, step, example)
    if "method" in item:
        answer = item.get("answer") or {}
        entry = Entry("Meta", step, f"{item['method']} {item.get('path', '')}", example=example)
        entry.answer = _answer_text(answer)
        entry.details = [("query", pretty(item.get("query"))), ("answer", pretty(answer))]
        return entry
    if not {"request", "answer", "send"} & item.keys():
        # Evidence of a shape this view does not know: shown whole rather than lost.
        rest = {k: v for k, v in item.items() if k not in ("step", "example", "caused", "sent")}
        return Entry(
            "harness", step or "evidence", "", example=example, details=[("data", pretty(rest))]
        )
    request, answer = item.get("request"), item.get("answer")
    actor = "fake Graph API" if step == "fake Graph API" else "harness"
    if "send" in item:
        actor = "implementation"
    entry = Entry(actor, step, _short_request(request), example=example)
    built = bubble(answer) if step.startswith("build_") and isinstance(answer, dict) else None
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


def _delivery(item: Mapping[str, Any], step: str, example: str) -> Entry:
    decoded = item.get("decoded")
    summary = describe_notification(decoded) if decoded is not None else "a body that is not JSON"
    signature = item.get("signature", "")
    if signature and signature != "valid":
        summary += f" (signature: {signature})"
    if item.get("tampered"):
        summary += " (body tampered after signing)"
    entry = Entry("Meta", step, summary, example=example)
    answer = item.get("answer") or {}
    entry.answer = _answer_text(answer)
    if decoded is not None:
        entry.details.append(("delivered JSON, decoded", pretty(decoded)))
    entry.details += [
        ("exact bytes as delivered", str(item.get("body", ""))),
        ("headers", pretty(item.get("headers"))),
        ("answer", pretty(answer)),
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
    interactive = payload.get("interactive")
    if kind == "interactive" and isinstance(interactive, dict):
        action = interactive.get("action") or {}
        buttons = [
            Button(str(reply.get("title", "")), str(reply.get("id", "")))
            for b in (action.get("buttons") or [] if isinstance(action, dict) else [])
            if isinstance(b, dict) and isinstance(reply := b.get("reply") or {}, dict)
        ]
        return Bubble(
            "card",
            body=_text_of(interactive.get("body")),
            header=_text_of(interactive.get("header")),
            footer=_text_of(interactive.get("footer")),
            buttons=buttons,
            type_name=str(interactive.get("type", "")),
        )
    return Bubble("other", type_name=kind or "unknown")


def _text_of(part: Any) -> str:
    return str(part.get("text", "")) if isinstance(part, dict) else ""


def _send(send: Mapping[str, Any], caused: list[str], offending: set[int]) -> Send:
    recipient = str(send.get("recipient") or "?")
    to = recipient
    if caused and caused[0].startswith("to "):
        to = caused[0][3:].split(":", 1)[0]
    response = send.get("response") if isinstance(send.get("response"), dict) else {}
    error = (response or {}).get("error") or {}
    message = error.get("message", "") if isinstance(error, dict) else ""
    payload = send.get("payload")
    return Send(
        index=int(send.get("index", -1)),
        to=to,
        bubble=bubble(payload),
        status=str(send.get("status", "")),
        error=str(message),
        offending=send.get("index") in offending,
        payload_text=pretty(payload if payload is not None else send.get("raw_body")),
        violations=[_violation(v) for v in send.get("violations") or []],
    )


def _violation(violation: Any) -> str:
    """A schema violation as people read it: its path and details, else its JSON."""
    if isinstance(violation, dict) and violation.get("details"):
        where = violation.get("json_path", "")
        code = f" (#{violation['code']})" if violation.get("code") else ""
        details = f"{violation['details']}{code}"
        return f"{where}: {details}" if where else details
    return violation if isinstance(violation, str) else json.dumps(violation, ensure_ascii=False)


def _answer_text(answer: Any) -> str:
    if not isinstance(answer, dict):
        return ""
    elapsed = answer.get("elapsed_s")
    timing = f" in {elapsed * 1000:.0f} ms" if isinstance(elapsed, int | float) else ""
    return f"answered {answer.get('status', '?')}{timing}"


def _short_request(request: Any) -> str:
    if isinstance(request, dict) and "command" in request:
        rest = _flat({k: v for k, v in request.items() if k != "command"})
        return f"{request['command']}({rest})" if rest else str(request["command"])
    return request if isinstance(request, str) else ""


def _flat(value: Any) -> str:
    """``status=ok, wa_id=9665…`` for a small answer; nested parts are left to the details."""
    if isinstance(value, dict):
        return ", ".join(
            f"{k}={'…' if isinstance(v, dict | list) else v}" for k, v in value.items()
        )
    if isinstance(value, list):
        return f"{len(value)} item(s)"
    return str(value)

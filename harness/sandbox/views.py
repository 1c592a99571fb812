"""What the page shows, as JSON: the two phones, the journal, alerts and broken rules."""

from __future__ import annotations

import time
from dataclasses import asdict
from typing import Any

from harness.checks.sends import send_summary
from harness.cloud_api.cards import Card
from harness.fake_graph import SendAttempt
from harness.reports.evidence import RTL_RUN
from harness.sandbox.armed_faults import code_label
from harness.sandbox.session import ROLES, SandboxSession
from harness.sandbox.session_records import Snapshot

DAY_S = 24 * 3600


def state(session: SandboxSession) -> dict[str, Any]:
    """Everything the page renders; ``version`` changes whenever anything does.

    Masked as the fake's ``/_harness/sent`` is: no secret of the run, not even a piece.
    """
    snap = session.snapshot()
    attempts = session.fake.attempts
    world = session.state()
    journal = []
    for attempt in attempts:
        entry = journal_entry(attempt, session.role_of(attempt.recipient))
        spent = session.faults.spent_by(attempt.index)
        if spent is not None:
            entry["fault"] = code_label(spent.code)
        journal.append(entry)
    shown = {
        "version": snap.version,
        "target": session.target.description,
        "world": world,
        "phones": phones(session, snap, attempts, world),
        "journal": journal,
        "alerts": [{**a, "runs": runs(str(a.get("message", "")))} for a in snap.alerts],
        "findings": [
            {"check_id": f.check_id, "text": f.text, "attempt": f.attempt, "runs": runs(f.text)}
            for f in snap.findings
        ],
    }
    masked: dict[str, Any] = session.fake.redactor.data(shown)
    return masked


def phones(
    session: SandboxSession, snap: Snapshot, attempts: list[SendAttempt], world: dict[str, Any]
) -> dict[str, list[dict[str, Any]]]:
    """Each person's chat, oldest first: their messages, the implementation's, time jumps."""
    by_index = {a.index: a for a in attempts}
    chats: dict[str, list[dict[str, Any]]] = {role: [] for role in ROLES}
    numbers = {role: person["wa_id"] for role, person in world["people"].items()}
    start = session.started_at
    for kind, index in snap.timeline:
        if kind == "clock":
            step = snap.steps[index]
            jump = {
                "from": "system",
                "kind": "clock",
                "text": f"⏩ {step.data['hours']:g} h later",
                **when(step.data["at"], start),
            }
            for chat in chats.values():
                chat.append(dict(jump))
            continue
        if kind == "in":
            message = snap.inbound[index]
            if message.wa_id == numbers.get(message.role):
                chats[message.role].append(
                    {
                        "from": "user",
                        "kind": message.kind,
                        "text": message.text,
                        "id": message.message_id,
                        "webhook_status": snap.webhook_answers.get(message.message_id),
                        "effect": snap.effects.get(message.message_id),
                        **when(message.at, start),
                    }
                )
            continue
        attempt = by_index.get(index)
        if attempt is None or attempt.recipient is None:
            continue
        for role, wa_id in numbers.items():
            if attempt.recipient == wa_id:
                chats[role].append({**bubble(attempt, snap.statuses), **when(attempt.at, start)})
    return chats


def when(at: float, start: float) -> dict[str, Any]:
    """A message's time as its phone shows it, and the day of the session it falls on."""
    return {"time": time.strftime("%H:%M", time.localtime(at)), "day": int((at - start) // DAY_S)}


def runs(text: str) -> list[list[Any]]:
    """``text`` cut into [part, is_right_to_left] runs, so the page can isolate each one.

    The same runs the HTML report isolates with <bdi>: "«مرحباً» -> 200" stays in order.
    """
    out: list[list[Any]] = []
    last = 0
    for match in RTL_RUN.finditer(text):
        if match.start() > last:
            out.append([text[last : match.start()], False])
        out.append([match.group(), True])
        last = match.end()
    if last < len(text):
        out.append([text[last:], False])
    return out


def bubble(
    attempt: SendAttempt, statuses: dict[str, tuple[str, dict[str, Any] | None]]
) -> dict[str, Any]:
    """One message the implementation sent, as a phone shows it, with its ticks."""
    payload = attempt.payload if isinstance(attempt.payload, dict) else {}
    shown: dict[str, Any] = {"from": "business", "index": attempt.index, "wamid": attempt.wamid}
    shown.update(_content(payload))
    if not attempt.accepted:
        error = (attempt.response or {}).get("error") or {}
        shown["tick"] = "failed"
        shown["error"] = f"{error.get('code', attempt.status)} {error.get('message', '')}".strip()
    elif attempt.wamid in statuses:
        status, error = statuses[attempt.wamid]
        shown["tick"] = status
        if error:
            shown["error"] = f"{error.get('code')} {error.get('title') or error.get('message')}"
    else:
        shown["tick"] = "pending"
    # A message that failed never reached the phone: nothing on it can be tapped.
    shown["undelivered"] = shown["tick"] == "failed"
    return shown


def _content(payload: dict[str, Any]) -> dict[str, Any]:
    kind = payload.get("type")
    if kind == "text":
        return {"kind": "text", "text": str((payload.get("text") or {}).get("body", ""))}
    if kind == "template":
        template = payload.get("template") or {}
        return {"kind": "template", "text": f"template {template.get('name', '?')}"}
    card = Card.of(payload)
    if card is None:
        return {"kind": "other", "text": f"a {kind or 'malformed'} message"}
    common = {"header": card.header, "text": card.body, "footer": card.footer}
    if card.kind == "list":
        sections = [
            {"title": section.title, "rows": [asdict(row) for row in section.rows]}
            for section in card.sections
        ]
        return {**common, "kind": "list", "button": card.list_button, "sections": sections}
    buttons = [{"id": button.id, "title": button.title} for button in card.buttons]
    return {**common, "kind": "buttons", "buttons": buttons}


def journal_entry(attempt: SendAttempt, role: str) -> dict[str, Any]:
    """One line of the fake's journal: the send, its validation errors and Meta's answer."""
    who = f"{role} {attempt.recipient}" if attempt.recipient else "nobody"
    summary = send_summary(attempt, who)
    return {
        "index": attempt.index,
        "summary": summary,
        "runs": runs(f"#{attempt.index} {summary}"),
        "status": attempt.status,
        "accepted": attempt.accepted,
        "fault": attempt.fault,
        "violations": [v.details for v in attempt.violations],
        "answer": attempt.response,
    }

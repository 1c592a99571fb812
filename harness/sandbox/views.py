"""What the page shows, as JSON: the two phones, the journal, alerts and broken rules."""

from __future__ import annotations

from typing import Any

from harness.checks.sends import send_summary
from harness.fake_graph import SendAttempt
from harness.sandbox.session import SandboxSession


def state(session: SandboxSession) -> dict[str, Any]:
    """Everything the page renders; ``version`` changes whenever anything does."""
    snap = session.snapshot()
    attempts = session.fake.attempts
    inbound, statuses = snap.inbound, snap.statuses
    world = session.world()
    by_index = {a.index: a for a in attempts}
    phones: dict[str, list[dict[str, Any]]] = {"operator": [], "prospect": []}
    numbers = {role: person["wa_id"] for role, person in world["people"].items()}
    for kind, index in snap.timeline:
        if kind == "in":
            message = inbound[index]
            if message.wa_id == numbers.get(message.role):
                phones[message.role].append(
                    {
                        "from": "user",
                        "kind": message.kind,
                        "text": message.text,
                        "id": message.message_id,
                        "webhook_status": snap.webhook_answers.get(message.message_id),
                    }
                )
            continue
        attempt = by_index.get(index)
        if attempt is None or attempt.recipient is None:
            continue
        for role, wa_id in numbers.items():
            if attempt.recipient == wa_id:
                phones[role].append(bubble(attempt, statuses))
    return {
        "version": snap.version,
        "target": session.target.description,
        "world": world,
        "phones": phones,
        "journal": [journal_entry(a, session.role_of(a.recipient)) for a in attempts],
        "alerts": list(snap.alerts),
        "findings": [
            {"check_id": f.check_id, "text": f.text, "attempt": f.attempt} for f in snap.findings
        ],
    }


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
    return shown


def _content(payload: dict[str, Any]) -> dict[str, Any]:
    kind = payload.get("type")
    if kind == "text":
        return {"kind": "text", "text": str((payload.get("text") or {}).get("body", ""))}
    if kind == "template":
        template = payload.get("template") or {}
        return {"kind": "template", "text": f"template {template.get('name', '?')}"}
    if kind != "interactive":
        return {"kind": "other", "text": f"a {kind or 'malformed'} message"}
    interactive = payload.get("interactive") or {}
    action = interactive.get("action") or {}
    common = {
        "header": _text_of(interactive.get("header")),
        "text": _text_of(interactive.get("body")),
        "footer": _text_of(interactive.get("footer")),
    }
    if interactive.get("type") == "list":
        sections = [
            {
                "title": str(section.get("title", "")),
                "rows": [
                    {
                        "id": str(row.get("id", "")),
                        "title": str(row.get("title", "")),
                        "description": str(row.get("description", "")),
                    }
                    for row in section.get("rows") or []
                    if isinstance(row, dict)
                ],
            }
            for section in action.get("sections") or []
            if isinstance(section, dict)
        ]
        return {
            **common,
            "kind": "list",
            "button": str(action.get("button", "")),
            "sections": sections,
        }
    buttons = [
        {"id": str(reply.get("id", "")), "title": str(reply.get("title", ""))}
        for button in action.get("buttons") or []
        if isinstance(button, dict) and isinstance(reply := button.get("reply"), dict)
    ]
    return {**common, "kind": "buttons", "buttons": buttons}


def _text_of(part: Any) -> str:
    return str(part.get("text", "")) if isinstance(part, dict) else ""


def journal_entry(attempt: SendAttempt, role: str) -> dict[str, Any]:
    """One line of the fake's journal: the send, its validation errors and Meta's answer."""
    who = f"{role} {attempt.recipient}" if attempt.recipient else "nobody"
    return {
        "index": attempt.index,
        "summary": send_summary(attempt, who),
        "status": attempt.status,
        "accepted": attempt.accepted,
        "fault": attempt.fault,
        "violations": [v.details for v in attempt.violations],
        "answer": attempt.response,
    }

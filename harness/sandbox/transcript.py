"""The session as plain text: each step, the sends it caused, the alerts, the broken rules."""

from __future__ import annotations

from typing import Any

from harness.checks.sends import send_summary
from harness.fake_graph import SendAttempt
from harness.reports.redaction import Redactor
from harness.sandbox.armed_faults import code_label
from harness.sandbox.session import SandboxSession
from harness.sandbox.session_records import Step


def transcript(session: SandboxSession) -> str:
    """Every step the tester took, what the implementation sent, its alerts, broken rules."""
    snap = session.snapshot()
    attempts = {a.index: a for a in session.fake.attempts}
    world = session.state()["people"]
    lines = [f"wa-harness sandbox session against {session.target.description}"]
    lines += [f"{role}: {person['name']} {person['wa_id']}" for role, person in world.items()]
    lines.append("")
    for number, step in enumerate(snap.steps, 1):
        lines.append(f"{number}. {told(step)}")
        for index in step.caused:
            attempt = attempts.get(index)
            if attempt is not None:
                lines.append(f"   -> {_summary(session, attempt)}")
        lines.extend(f"   alert: {alert_text(a)}" for a in step.new_alerts)
        if step.kind in ("tap", "text") and not step.caused and not step.new_alerts:
            lines.append("   (no effect: no send, no alert)")
    lines.append("")
    lines.append("Alerts now: " + (str(len(snap.alerts)) if snap.alerts else "none"))
    lines.extend(f"  {alert_text(a)}" for a in snap.alerts)
    lines.append("Rules broken: " + (str(len(snap.findings)) if snap.findings else "none"))
    lines.extend(f"  {f.check_id} {f.text}" for f in snap.findings)
    return Redactor(session.settings.secrets()).text("\n".join(lines) + "\n")


def _summary(session: SandboxSession, attempt: SendAttempt) -> str:
    return send_summary(attempt, f"{session.role_of(attempt.recipient)} {attempt.recipient}")


def alert_text(alert: dict[str, Any]) -> str:
    """``[131047] message…``; an alert without a code is its message alone."""
    code = alert.get("code")
    message = str(alert.get("message", ""))
    return f"[{code}] {message}" if code is not None else message


def told(step: Step) -> str:
    """What the tester did, in a few words."""
    data = step.data
    if step.kind == "opt_in":
        return f"opted in the {data['role']}"
    if step.kind == "live_send":
        return f"live sending {'on' if data['enabled'] else 'off'}"
    if step.kind == "present":
        return f"presented opportunity {data['opportunity_id']}"
    if step.kind == "tap":
        return f"the {data['role']} tapped «{data['title']}» ({data['id']})"
    if step.kind == "text":
        return f"the {data['role']} wrote «{data['body']}»"
    if step.kind == "clock":
        return f"the clock moved {data['hours']:g} h for everyone"
    if step.kind == "fault":
        who = f"the {data['role']}" if data.get("role") else "anyone"
        return f"the next send to {who} fails with {code_label(data['code'])}"
    return step.kind

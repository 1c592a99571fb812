"""Keep what the session found: a plain-text transcript and a .feature scenario.

The scenario is written in the harness's own step vocabulary, so it runs with the
conformance checks. It replays the decisions (opt-ins, live sending, the taps, the
clock, faults on the prospect) with the harness's own people and opportunity text; a
thing the vocabulary cannot say becomes a comment line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from harness.checks.sends import send_summary
from harness.fake_graph import SendAttempt
from harness.reports.redaction import Redactor
from harness.sandbox.session import SandboxSession
from harness.sandbox.session_records import Step

TAP_ACTIONS = ("accept", "skip", "draft", "approve", "edit", "cancel", "schedule")
# Codes the vocabulary's fault steps know ("the Graph API answers every send … with N").
ANSWERED_CODES = (130429, 131047, 131056)
UNDELIVERABLE = 131026
INVARIANT_LINES = (
    "no message sent during the run had more than 3 buttons",
    "no message sent during the run broke the Cloud API schema",
    "nothing sent during the run went to a number that was not opted in",
)


def transcript(session: SandboxSession) -> str:
    """Every step the tester took, what the implementation sent, its alerts, broken rules."""
    snap = session.snapshot()
    attempts = {a.index: a for a in session.fake.attempts}
    world = session.world()["people"]
    lines = [
        f"wa-harness sandbox session against {session.target.description}",
        f"operator: {world['operator']['name']} {world['operator']['wa_id']}",
        f"prospect: {world['prospect']['name']} {world['prospect']['wa_id']}",
        "",
    ]
    for number, step in enumerate(snap.steps, 1):
        lines.append(f"{number}. {_told(step)}")
        for index in step.caused:
            attempt = attempts[index]
            lines.append(f"   -> {_summary(session, attempt)}")
        lines.extend(f"   alert: {_alert(a)}" for a in step.new_alerts)
    lines.append("")
    lines.append("Alerts now: " + (str(len(snap.alerts)) if snap.alerts else "none"))
    lines.extend(f"  {_alert(a)}" for a in snap.alerts)
    lines.append("Rules broken: " + (str(len(snap.findings)) if snap.findings else "none"))
    lines.extend(f"  {f.check_id} {f.text}" for f in snap.findings)
    return Redactor(session.settings.secrets()).text("\n".join(lines) + "\n")


def _summary(session: SandboxSession, attempt: SendAttempt) -> str:
    return send_summary(attempt, f"{session.role_of(attempt.recipient)} {attempt.recipient}")


def _alert(alert: dict[str, Any]) -> str:
    code = alert.get("code")
    return f"[{code if code is not None else '-'}] {alert.get('message', '')}"


def _told(step: Step) -> str:
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
        return f"the clock moved {data['hours']:g} h"
    if step.kind == "fault":
        return f"the next send to the {data['role'] or 'anyone'} fails with {data['code']}"
    return step.kind


@dataclass
class _Writer:
    """Accumulates Gherkin steps, choosing Given/When/Then/And, and what is declared."""

    lines: list[str] = field(default_factory=list)
    last: str = ""
    operator: bool = False
    opportunities: set[str] = field(default_factory=set)

    def step(self, kind: str, text: str) -> None:
        keyword = "And" if kind == self.last else kind
        self.lines.append(f"    {keyword} {text}")
        self.last = kind

    def comment(self, text: str) -> None:
        self.lines.append(f"    # {text}")

    def opportunity(self, opportunity_id: str) -> None:
        if opportunity_id not in self.opportunities:
            self.step("Given", f'an opportunity "{opportunity_id}"')
            self.opportunities.add(opportunity_id)


def feature(session: SandboxSession, *, check_id: str = "SBX-001") -> str:
    """The session as one scenario that the harness runs like any other check."""
    snap = session.snapshot()
    attempts = {a.index: a for a in session.fake.attempts}
    # Sends that broke a rule are not asserted as outcomes: the rule's own line judges them.
    broken = {f.attempt for f in snap.findings}
    out = _Writer()
    prospect_sends = 0
    for step in snap.steps:
        prospect_sends += _write_step(out, session, step, attempts, prospect_sends, broken)
    if not out.lines:
        out.comment("nothing was done in the session")
    if any(f.check_id == "FLW-012" for f in snap.findings):
        out.step("Then", "nothing was sent to the prospect")
    if session.fake.attempts:
        for line in INVARIANT_LINES:
            out.step("Then", line)
    header = [
        "@profile:flow",
        "Feature: A session recorded in the wa-harness sandbox",
        f"  Against {session.target.description}; exported so that it runs as a check.",
        "",
        f"  @{check_id} @MUST",
        "  Scenario: The sandbox session replays with the same outcome",
    ]
    return "\n".join(header + out.lines) + "\n"


def _write_step(
    out: _Writer,
    session: SandboxSession,
    step: Step,
    attempts: dict[int, SendAttempt],
    prospect_sends: int,
    broken: set[int],
) -> int:
    """Write ``step``; answer how many messages it got accepted for the prospect."""
    data = step.data
    caused = [attempts[i] for i in step.caused if i in attempts]
    to_prospect = sum(
        1 for a in caused if a.accepted and session.role_of(a.recipient) == "prospect"
    )
    if step.kind == "opt_in" and data["role"] == "operator":
        if not out.operator:
            out.step("Given", "an opted-in operator")
            out.operator = True
    elif step.kind == "opt_in":
        out.opportunity(data["opportunity_id"])
        out.step("Given", "the prospect has opted in")
    elif step.kind == "live_send":
        out.step("Given", f"live sending is {'on' if data['enabled'] else 'off'}")
    elif step.kind == "present":
        _write_present(out, session, data["opportunity_id"], caused)
    elif step.kind == "tap" and data["role"] == "operator":
        _write_tap(out, session, data["id"], caused)
    elif step.kind in ("tap", "text") and data["role"] == "prospect":
        out.step("Given", "the prospect wrote within the last 24 hours")
    elif step.kind == "clock" and data["hours"] > 24 and data.get("opportunity_id"):
        out.opportunity(data["opportunity_id"])
        out.step("Given", "the prospect last wrote 25 hours ago")
    elif step.kind == "fault" and data["role"] == "prospect" and data.get("opportunity_id"):
        _write_fault(out, data["code"], data["opportunity_id"])
    else:
        out.comment(f"{_told(step)} (the step vocabulary has no such step)")
        return to_prospect
    total = prospect_sends + to_prospect
    if step.kind == "tap" and not broken.intersection(step.caused):
        if total == 0:
            out.step("Then", "nothing was sent to the prospect")
        elif total == 1 and to_prospect:
            out.step("Then", "exactly 1 message was sent to the prospect")
    codes = sorted({a["code"] for a in step.new_alerts if isinstance(a.get("code"), int)})
    for code in codes:
        out.step("Then", f"an alert with code {code} was raised")
    if step.new_alerts and not codes:
        out.step("Then", "an alert was raised")
    return to_prospect


def _write_present(
    out: _Writer, session: SandboxSession, opportunity_id: str, caused: list[SendAttempt]
) -> None:
    card = any(
        a.accepted and session.role_of(a.recipient) == "operator" and _is_card(a) for a in caused
    )
    out.opportunities.add(opportunity_id)
    if card and out.operator:
        out.step("Given", f'the operator received the opportunity card for "{opportunity_id}"')
        return
    if not out.operator:
        out.step("Given", "an operator who has not opted in")
        out.operator = True
    out.step("When", f'the harness presents opportunity "{opportunity_id}" to the operator')


def _write_tap(
    out: _Writer, session: SandboxSession, reply_id: str, caused: list[SendAttempt]
) -> None:
    action = reply_id.rsplit(":", 1)[-1]
    if action in TAP_ACTIONS:
        out.step("When", f'the operator taps "{action}" with a valid signature')
    else:
        out.step("When", f'the operator taps a button with the id "{reply_id}"')
    if any(
        a.accepted and session.role_of(a.recipient) == "operator" and _is_draft_card(a)
        for a in caused
    ):
        out.step("Then", "the operator received a draft card")


def _write_fault(out: _Writer, code: int, opportunity_id: str) -> None:
    out.opportunity(opportunity_id)
    if code in ANSWERED_CODES:
        out.step("Given", f"the Graph API answers every send to the prospect with {code}")
    elif code == UNDELIVERABLE:
        out.step("Given", "the Graph API reports every send to the prospect as undeliverable")
    else:
        out.comment(f"the next send to the prospect fails with {code} (no such step)")


def _is_card(attempt: SendAttempt) -> bool:
    return isinstance(attempt.payload, dict) and attempt.payload.get("type") == "interactive"


def _is_draft_card(attempt: SendAttempt) -> bool:
    if not _is_card(attempt):
        return False
    action = (attempt.payload.get("interactive") or {}).get("action") or {}
    ids = [(b.get("reply") or {}).get("id", "") for b in action.get("buttons") or []]
    return any(str(i).endswith(":approve") for i in ids)

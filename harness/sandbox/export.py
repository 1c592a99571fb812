"""Keep what the session found: a plain-text transcript and a .feature scenario that replays.

The scenario says what the tester did in the harness's own step vocabulary: the same
people (an opportunity about a prospect met before is "about the same prospect"), each
opt-in, a fault on the next send only, the clock moved for everyone, the users' texts.
It expects only what the design requires: a send that broke a rule is not an expected
outcome, nor is an alert only that send caused; the rule's own step is written instead,
so a bug found by hand fails on the buggy build and passes on the fixed one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from harness.cloud_api.cards import Card
from harness.fake_graph import SendAttempt
from harness.sandbox.session import SandboxSession
from harness.sandbox.session_records import Snapshot, Step
from harness.sandbox.transcript import told, transcript

__all__ = ["feature", "transcript"]

TAP_ACTIONS = ("accept", "skip", "draft", "approve", "edit", "cancel", "schedule")
INVARIANT_LINES = (
    "no message sent during the run had more than 3 buttons",
    "no message sent during the run broke the Cloud API schema",
    "nothing sent during the run went to a number that was not opted in",
)
# Rules whose breaking send should not have reached the prospect at all.
NOT_TO_THE_PROSPECT = ("INV-003", "FLW-012", "FLW-023")


@dataclass
class _Scenario:
    """The Gherkin lines so far, and who the scenario has met (by the session's numbers)."""

    lines: list[str] = field(default_factory=list)
    last: str = ""
    # None: not yet given; else whether the operator has opted in.
    operator: bool | None = None
    # opportunity id -> the wa_id of its prospect in the session
    declared: dict[str, str] = field(default_factory=dict)
    # wa_id -> the first opportunity about that person
    first_about: dict[str, str] = field(default_factory=dict)
    current: str | None = None
    stranger_opted_in: bool = False
    # The message id of the newest card the operator received: the one a step taps.
    latest_card: str | None = None

    def step(self, kind: str, text: str) -> None:
        keyword = "And" if kind == self.last else kind
        self.lines.append(f"    {keyword} {text}")
        self.last = kind

    def comment(self, text: str) -> None:
        self.lines.append(f"    # {text}")

    def ensure_operator(self, *, opted_in: bool) -> None:
        """The operator as they were in the session, given once."""
        if self.operator is None:
            self.step(
                "Given", "an opted-in operator" if opted_in else "an operator who has not opted in"
            )
            self.operator = opted_in

    def about(self, opportunity_id: str, wa_id: str) -> None:
        """Make ``opportunity_id``, about the person ``wa_id``, the scenario's opportunity."""
        if self.declared.get(opportunity_id) == wa_id and self.current == opportunity_id:
            return
        earlier = self.first_about.get(wa_id)
        if earlier is not None and earlier != opportunity_id:
            self.step(
                "Given", f'opportunity "{opportunity_id}" is about the same prospect as "{earlier}"'
            )
        else:
            self.step("Given", f'an opportunity "{opportunity_id}"')
            self.first_about[wa_id] = opportunity_id
        self.declared[opportunity_id] = wa_id
        self.current = opportunity_id

    def prospect(self, data: dict[str, Any]) -> None:
        """Before a step about the prospect: the opportunity they belong to is the current one."""
        wa_id = data["wa_id"]
        if self.current is not None and self.declared.get(self.current) == wa_id:
            return
        self.about(data.get("opportunity_id") or f"opp-of-{wa_id}", wa_id)


@dataclass(frozen=True)
class _Judged:
    """The session's sends, and which of them broke a rule (and the codes those got)."""

    attempts: dict[int, SendAttempt]
    broken: dict[int, set[str]]
    broken_codes: set[int]

    @classmethod
    def of(cls, session: SandboxSession, snap: Snapshot) -> _Judged:
        attempts = {a.index: a for a in session.fake.attempts}
        broken: dict[int, set[str]] = {}
        for finding in snap.findings:
            broken.setdefault(finding.attempt, set()).add(finding.check_id)
        codes = {c for i in broken if (c := _failure_code(attempts.get(i), snap)) is not None}
        return cls(attempts, broken, codes)


def feature(session: SandboxSession, *, check_id: str = "SBX-001") -> str:
    """The session as one scenario that the harness runs like any other check."""
    snap = session.snapshot()
    judged = _Judged.of(session, snap)
    out = _Scenario()
    # Accepted sends per person that broke no rule: what a fixed build sends too.
    sent: Counter[str] = Counter()
    for step in snap.steps:
        _write_step(out, session, snap, step, judged, sent)
    if not out.lines:
        out.comment("nothing was done in the session")
    if judged.attempts:
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
    out: _Scenario,
    session: SandboxSession,
    snap: Snapshot,
    step: Step,
    judged: _Judged,
    sent: Counter[str],
) -> None:
    data = step.data
    caused = [judged.attempts[i] for i in step.caused if i in judged.attempts]
    broken_rules = set().union(*(judged.broken.get(a.index, set()) for a in caused))
    for attempt in caused:
        if attempt.accepted and attempt.recipient and attempt.index not in judged.broken:
            sent[attempt.recipient] += 1
    role = data.get("role")
    tapped_older = role in ("operator", "stranger") and data.get("context_id") not in (
        None,
        out.latest_card,
    )
    for attempt in caused:
        if (
            attempt.accepted
            and session.role_of(attempt.recipient) == "operator"
            and _is_card(attempt)
        ):
            out.latest_card = attempt.wamid
    if step.kind == "tap" and tapped_older:
        out.comment(f"{told(step)} on an older card (the steps tap the newest card)")
        return
    if step.kind == "opt_in" and role == "operator":
        if out.operator is None:
            out.ensure_operator(opted_in=True)
        else:
            out.step("Given", "the operator has opted in")
            out.operator = True
    elif step.kind == "opt_in" and role == "prospect":
        out.prospect(data)
        out.step("Given", "the prospect has opted in")
    elif step.kind == "opt_in" and role == "stranger":
        out.stranger_opted_in = True
        return
    elif step.kind == "live_send":
        out.step("Given", f"live sending is {'on' if data['enabled'] else 'off'}")
    elif step.kind == "present":
        _write_present(out, session, data, caused)
    elif step.kind == "tap" and data.get("type") == "button_reply" and role != "prospect":
        _write_tap(out, session, data, caused)
    elif step.kind == "text" and role in ("operator", "prospect"):
        if role == "prospect":
            out.prospect(data)
        else:
            out.ensure_operator(opted_in=False)
        body = " ".join(str(data["body"]).split()).replace('"', "'")
        out.step("When", f'a text "{body}" arrives from the {role}')
    elif step.kind == "clock":
        _write_clock(out, step)
    elif step.kind == "fault":
        _write_fault(out, data)
    else:
        out.comment(f"{told(step)} (the step vocabulary has no such step)")
        return
    if step.kind == "tap" or (step.kind == "text" and broken_rules):
        _write_prospect_outcome(out, caused, broken_rules, sent)
    _write_alerts(out, step, caused, judged, snap, broken_rules)


def _write_present(
    out: _Scenario, session: SandboxSession, data: dict[str, Any], caused: list[SendAttempt]
) -> None:
    out.about(data["opportunity_id"], data["wa_id"])
    card = any(
        a.accepted and session.role_of(a.recipient) == "operator" and _is_card(a) for a in caused
    )
    if card and out.operator is not False:
        out.ensure_operator(opted_in=True)
        out.step(
            "Given", f'the operator received the opportunity card for "{data["opportunity_id"]}"'
        )
        return
    out.ensure_operator(opted_in=False)
    out.step("When", f'the harness presents opportunity "{data["opportunity_id"]}" to the operator')


def _write_tap(
    out: _Scenario, session: SandboxSession, data: dict[str, Any], caused: list[SendAttempt]
) -> None:
    reply_id = str(data["id"])
    action = reply_id.rsplit(":", 1)[-1]
    out.ensure_operator(opted_in=False)
    if data.get("role") == "stranger" and action in TAP_ACTIONS:
        who = (
            "another opted-in number" if out.stranger_opted_in else "a number that has not opted in"
        )
        out.step("When", f'{who} taps "{action}" on the operator\'s card')
    elif action in TAP_ACTIONS and data.get("role") == "operator":
        out.step("When", f'the operator taps "{action}" with a valid signature')
    elif data.get("role") == "operator":
        out.step("When", f'the operator taps a button with the id "{reply_id}"')
    else:
        out.comment(
            f"the {data.get('role')} tapped {reply_id} (the step vocabulary has no such step)"
        )
        return
    if any(
        a.accepted and session.role_of(a.recipient) == "operator" and _is_draft_card(a)
        for a in caused
    ):
        out.step("Then", "the operator received a draft card to act on")


def _write_clock(out: _Scenario, step: Step) -> None:
    hours = float(step.data["hours"])
    if hours.is_integer():
        out.step("Given", f"{int(hours)} hours pass")
    else:
        out.comment(f"{told(step)} (the steps move the clock by whole hours)")


def _write_fault(out: _Scenario, data: dict[str, Any]) -> None:
    role, code = data.get("role"), data["code"]
    if role == "prospect":
        out.prospect(data)
        out.step("Given", f"the Graph API answers the next send to the prospect with {code}")
    elif role == "operator":
        out.ensure_operator(opted_in=False)
        out.step("Given", f"the Graph API answers the next send to the operator with {code}")
    elif role is None:
        out.step("Given", f"the Graph API answers the next send to anyone with {code}")
    else:
        out.comment(f"the next send to the {role} fails with {code} (no such step)")


def _write_prospect_outcome(
    out: _Scenario,
    caused: list[SendAttempt],
    broken_rules: set[str],
    sent: Counter[str],
) -> None:
    """After a user's message: what reached the prospect, or that nothing should have."""
    if out.current is None:
        return
    wa_id = out.declared[out.current]
    if broken_rules.intersection(NOT_TO_THE_PROSPECT):
        # The design says this send should not have happened: that is the expectation.
        out.step("Then", "nothing more was sent to the prospect")
        return
    if broken_rules:
        return
    to_prospect = sum(1 for a in caused if a.accepted and a.recipient == wa_id)
    if sent[wa_id] == 0:
        out.step("Then", "nothing was sent to the prospect")
    elif to_prospect:
        out.step("Then", f"exactly {sent[wa_id]} message was sent to the prospect")


def _write_alerts(
    out: _Scenario,
    step: Step,
    caused: list[SendAttempt],
    judged: _Judged,
    snap: Snapshot,
    broken_rules: set[str],
) -> None:
    """The alerts the step raised, but not those only a rule-breaking send caused."""
    own = {
        code
        for a in caused
        if a.index not in judged.broken and (code := _failure_code(a, snap)) is not None
    }
    codes = sorted(
        {
            code
            for alert in step.new_alerts
            if isinstance(code := alert.get("code"), int)
            and (code in own or code not in judged.broken_codes)
        }
    )
    for code in codes:
        out.step("Then", f"an alert with code {code} was raised")
    uncoded = [a for a in step.new_alerts if not isinstance(a.get("code"), int)]
    if uncoded and not broken_rules:
        out.step("Then", "an alert was raised")


def _failure_code(attempt: SendAttempt | None, snap: Snapshot) -> int | None:
    """The Meta code a send failed with: at once in its answer, or later in a failed status."""
    if attempt is None:
        return None
    if not attempt.accepted:
        code = ((attempt.response or {}).get("error") or {}).get("code")
        return code if isinstance(code, int) else None
    status, error = snap.statuses.get(attempt.wamid or "", ("", None))
    code = (error or {}).get("code") if status == "failed" else None
    return code if isinstance(code, int) else None


def _is_card(attempt: SendAttempt) -> bool:
    return Card.of(attempt.payload) is not None


def _is_draft_card(attempt: SendAttempt) -> bool:
    card = Card.of(attempt.payload)
    return card is not None and card.is_draft_card

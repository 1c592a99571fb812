"""What a sandbox session keeps as it runs: steps, sends, statuses, users' messages, alerts."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from harness.sandbox.session_records import Finding, Snapshot, Step, UserMessage
from harness.world import RecordedSend


@dataclass
class SessionLog:
    """The session's records; every read and write holds ``lock``, never the implementation's."""

    lock: threading.RLock = field(default_factory=threading.RLock)
    steps: list[Step] = field(default_factory=list)
    recorded: list[RecordedSend] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    statuses: dict[str, tuple[str, dict[str, Any] | None]] = field(default_factory=dict)
    inbound: list[UserMessage] = field(default_factory=list)
    webhook_answers: dict[str, int] = field(default_factory=dict)
    # ("in", index of inbound) | ("out", send index) | ("clock", index of steps)
    timeline: list[tuple[str, int]] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    effects: dict[str, str] = field(default_factory=dict)
    version: int = 0

    def clear(self) -> None:
        """Forget everything but the version, which keeps counting so the page redraws."""
        with self.lock:
            for records in (self.steps, self.recorded, self.findings, self.inbound):
                records.clear()
            for table in (self.statuses, self.webhook_answers, self.effects):
                table.clear()
            self.timeline.clear()
            self.alerts = []
            self.version += 1

    def record(self, step: Step) -> None:
        with self.lock:
            self.steps.append(step)
            if step.kind == "clock":
                self.timeline.append(("clock", len(self.steps) - 1))
            self.version += 1

    def heard(self, message: UserMessage) -> None:
        """A user's message, placed before its webhook is posted: the tap shows above its answer."""
        with self.lock:
            self.inbound.append(message)
            self.timeline.append(("in", len(self.inbound) - 1))

    def answered(self, message_id: str, status: int) -> None:
        with self.lock:
            self.webhook_answers[message_id] = status
            self.version += 1

    def caused(self, message_id: str, step: Step) -> None:
        """What a user's message caused, in words the phone shows under it."""
        sends, alerts = len(step.caused), len(step.new_alerts)
        if not sends and not alerts:
            said = "no effect"
        else:
            said = ", ".join(
                part
                for part in (
                    f"{sends} send{'s' * (sends != 1)}" if sends else "",
                    f"{alerts} alert{'s' * (alerts != 1)}" if alerts else "",
                )
                if part
            )
        with self.lock:
            self.effects[message_id] = said
            self.version += 1

    def failed_card(self, wamid: str) -> dict[str, Any] | None:
        """The error of a message whose status came back failed; None when it was not."""
        with self.lock:
            status, error = self.statuses.get(wamid, ("", None))
        return (error or {}) if status == "failed" else None

    def snapshot(self) -> Snapshot:
        with self.lock:
            return Snapshot(
                version=self.version,
                steps=tuple(self.steps),
                timeline=tuple(self.timeline),
                inbound=tuple(self.inbound),
                webhook_answers=dict(self.webhook_answers),
                statuses=dict(self.statuses),
                findings=tuple(self.findings),
                alerts=tuple(self.alerts),
                effects=dict(self.effects),
            )

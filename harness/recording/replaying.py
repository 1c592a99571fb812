"""Replay a conversation: deliver its notifications, answer its sends, compare what was sent."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from harness.errors import TargetError, TargetUnreachable
from harness.recording.answers import AnswerScript
from harness.recording.comparison import Difference, compare
from harness.recording.conversation import Conversation
from harness.targets.transport import HttpTransport
from harness.webhooks.delivery import WebhookClient
from harness.webhooks.encoding import meta_json_bytes


@dataclass(frozen=True, slots=True)
class ReplayTiming:
    """How long to wait for an implementation's sends before moving on."""

    # For the sends the recording shows before the next event (async implementations).
    per_step_s: float = 3.0
    # After the last event: no new send for this long ends the replay.
    quiet_s: float = 0.3


@dataclass(slots=True)
class ConversationReplay:
    """What a replay did and found."""

    recorded: list[Any]
    replayed: list[Any]
    differences: list[Difference]
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        """True when the implementation sent what the recording shows."""
        return not self.differences


def replay_conversation(
    conversation: Conversation,
    *,
    client: WebhookClient,
    control: HttpTransport,
    answers: AnswerScript,
    control_path: str,
    timing: ReplayTiming = ReplayTiming(),
) -> ConversationReplay:
    """Play ``conversation`` against the target behind ``client``; ``answers`` is its Graph API.

    The first request the target cannot answer at all raises ``TargetUnreachable``
    (nothing has been judged yet); a later one becomes a delivery line and a note.
    """
    result = ConversationReplay(recorded=[], replayed=[], differences=[])
    sends_so_far = 0
    reached = False
    for number, event in enumerate(conversation.events, start=1):
        kind = event["kind"]
        if kind == "send":
            sends_so_far += 1
            continue
        if not answers.wait_for(sends_so_far, timing.per_step_s):
            result.notes.append(
                f"event {number}: {sends_so_far} send(s) expected before it, "
                f"{len(answers.captured)} arrived within {timing.per_step_s:g} s"
            )
        try:
            if kind == "control":
                _control(event["command"], control, control_path, number, result)
            else:
                delivery = client.post(meta_json_bytes(event["notification"]))
                result.deliveries.append(
                    {
                        "event": number,
                        "status": delivery.answer.status,
                        "recorded": event.get("answer_status"),
                    }
                )
            reached = True
        except TargetUnreachable:
            if not reached:
                raise
            result.notes.append(f"event {number}: the target stopped answering")
            result.deliveries.append({"event": number, "status": None})
    answers.wait_for(sends_so_far, timing.per_step_s)
    answers.wait_quiet(timing.quiet_s, timing.per_step_s)
    result.recorded = [event["request"] for event in conversation.of_kind("send")]
    result.replayed = [send.request for send in answers.captured]
    result.differences = compare(result.recorded, result.replayed)
    return result


def _control(
    command: dict[str, Any],
    transport: HttpTransport,
    path: str,
    number: int,
    result: ConversationReplay,
) -> None:
    """Set the world state (opt-ins, live sending…) the conversation was recorded with."""
    name = command.get("command")
    try:
        answer = transport.request(
            "POST",
            path,
            body=json.dumps(command).encode(),
            headers={"Content-Type": "application/json"},
        )
    except TargetError as exc:
        raise TargetUnreachable(str(exc)) from exc
    if not 200 <= answer.status < 300:
        who = command.get("wa_id") or command.get("user_id") or command.get("operator") or ""
        result.notes.append(
            f"event {number}: could not run control command {name!r}"
            + (f" for {who}" if who else "")
            + f": {path} answered {answer.status} (no control endpoint? pass --control-path); "
            "the replay goes on without that state"
        )

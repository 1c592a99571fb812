"""Replay a directory of recorded payloads against an implementation, one signed POST each."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from harness.errors import TargetError
from harness.webhooks.corpus import RecordedPayload, load_corpus
from harness.webhooks.delivery import WebhookClient


@dataclass(frozen=True, slots=True)
class ReplayLine:
    """What happened to one file: the status answered, how long it took, or the error."""

    file: str
    status: int | None
    elapsed_s: float
    error: str | None = None
    sent: bool = True

    @property
    def ok(self) -> bool:
        """True when the target answered 2xx."""
        return self.outcome == "2xx"

    @property
    def outcome(self) -> str:
        """``2xx``, ``other`` (any other status), ``unreachable`` or ``invalid`` (not sent)."""
        if not self.sent:
            return "invalid"
        if self.status is None:
            return "unreachable"
        return "2xx" if 200 <= self.status < 300 else "other"


def replay_directory(directory: Path | str, *, client: WebhookClient) -> list[ReplayLine]:
    """Sign and POST every payload's raw bytes; unloadable files become lines, not errors."""
    payloads, problems = load_corpus(directory, skip_invalid=True)
    lines = replay_payloads(payloads, client=client)
    lines += [
        ReplayLine(file=p.name, status=None, elapsed_s=0.0, error=p.message, sent=False)
        for p in problems
    ]
    return sorted(lines, key=lambda line: line.file)


def replay_payloads(
    payloads: Iterable[RecordedPayload], *, client: WebhookClient
) -> list[ReplayLine]:
    """POST each payload in turn; an unreachable target is recorded and the replay goes on."""
    lines = []
    for payload in payloads:
        started = time.perf_counter()
        try:
            delivery = client.post(payload.body)
        except TargetError as exc:
            elapsed = time.perf_counter() - started
            lines.append(ReplayLine(payload.name, status=None, elapsed_s=elapsed, error=str(exc)))
            continue
        answer = delivery.answer
        lines.append(ReplayLine(payload.name, status=answer.status, elapsed_s=answer.elapsed_s))
    return lines


def format_replay(lines: list[ReplayLine]) -> str:
    """One line per file (name, status, milliseconds) and a closing total."""
    width = max((len(line.file) for line in lines), default=0)
    rows = []
    for line in lines:
        status = str(line.status) if line.status is not None else line.outcome
        row = f"{line.file:<{width}}  {status:>11}  {line.elapsed_s * 1000:8.1f} ms"
        rows.append(row + (f"  {line.error}" if line.error else ""))
    rows.append(_total(lines))
    return "\n".join(rows)


def _total(lines: list[ReplayLine]) -> str:
    counts = {"2xx": 0, "other": 0, "unreachable": 0, "invalid": 0}
    for line in lines:
        counts[line.outcome] += 1
    seconds = sum(line.elapsed_s for line in lines)
    noun = "payload" if len(lines) == 1 else "payloads"
    text = (
        f"{len(lines)} {noun}: {counts['2xx']} answered 2xx, {counts['other']} other, "
        f"{counts['unreachable']} unreachable"
    )
    if counts["invalid"]:
        text += f", {counts['invalid']} not sent (invalid)"
    return f"{text} in {seconds:.2f} s"

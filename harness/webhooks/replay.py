"""Replay a directory of recorded payloads against an implementation, one signed POST each."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from harness.errors import TargetError, TargetUnreachable
from harness.targets import transport as transports
from harness.webhooks.corpus import RecordedPayload, default_corpus_dir, load_corpus
from harness.webhooks.delivery import WebhookClient

# Exit codes of `wa-harness replay DIRECTORY`, as `run`'s (2, usage or target, is raised).
ALL_2XX, SOME_NOT_2XX, STOPPED_ANSWERING = 0, 1, 3


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


def replay_corpus(
    directory: str | None,
    target: str,
    app_secret: str,
    webhook_path: str,
    timeout_s: float,
    *,
    echo: Callable[[str], None],
) -> int:
    """The ``replay DIRECTORY`` command: lines, a total and an exit code like ``run``'s.

    A target that does not answer the first payload is a ``TargetUnreachable`` (one line,
    exit 2), not one line of connection errors per file.
    """
    from harness.reports.redaction import Redactor

    # Looked up on its module when called, so tests can watch the transport close.
    with closing(transports.UrlTransport(target, timeout_s=timeout_s)) as transport:
        client = WebhookClient(transport, app_secret=app_secret, path=webhook_path)
        lines = replay_directory(
            directory or default_corpus_dir(), client=client, first_must_answer=True
        )
    echo(Redactor([app_secret]).text(format_replay(lines)))
    if any(line.outcome == "unreachable" for line in lines):
        return STOPPED_ANSWERING
    return ALL_2XX if lines and all(line.ok for line in lines) else SOME_NOT_2XX


def replay_directory(
    directory: Path | str, *, client: WebhookClient, first_must_answer: bool = False
) -> list[ReplayLine]:
    """Sign and POST every payload's raw bytes; unloadable files become lines, not errors.

    With ``first_must_answer``, a target that does not answer the first payload raises
    ``TargetUnreachable`` instead of adding a line per file.
    """
    payloads, problems = load_corpus(directory, skip_invalid=True)
    lines = replay_payloads(payloads, client=client, first_must_answer=first_must_answer)
    lines += [
        ReplayLine(file=p.name, status=None, elapsed_s=0.0, error=p.message, sent=False)
        for p in problems
    ]
    return sorted(lines, key=lambda line: line.file)


def replay_payloads(
    payloads: Iterable[RecordedPayload], *, client: WebhookClient, first_must_answer: bool = False
) -> list[ReplayLine]:
    """POST each payload in turn; an unreachable target is recorded and the replay goes on."""
    lines: list[ReplayLine] = []
    for payload in payloads:
        started = time.perf_counter()
        try:
            delivery = client.post(payload.body)
        except TargetError as exc:
            if first_must_answer and not lines:
                raise TargetUnreachable(
                    f"{exc} (nothing was replayed; is --target right?)"
                ) from exc
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

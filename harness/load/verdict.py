"""Judge a load run: latency against Meta's guidance, answers, and what the target did.

The checks (ids, levels, titles and their sources) are data, in ``checks.json``.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from harness.fake_graph.journal import JournalCounts
from harness.load.plan import LoadPlan
from harness.results import Level, Outcome

MEDIAN_MS = 250
SLOW_MS = 1000
SLOW_SHARE = 0.01


@dataclass(frozen=True, slots=True)
class LoadCheck:
    """One judged check of a load run."""

    id: str
    level: Level
    title: str
    outcome: Outcome
    message: str

    def to_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "level": self.level.value,
            "title": self.title,
            "outcome": self.outcome.value,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What the swarm measured, the checks, and the verdict: pass, warn (SHOULD) or fail."""

    stats: Mapping[str, Any]
    checks: tuple[LoadCheck, ...]

    @property
    def verdict(self) -> str:
        failed = [c for c in self.checks if c.outcome is Outcome.FAILED]
        if any(c.level is Level.MUST for c in failed):
            return "fail"
        return "warn" if failed else "pass"

    def to_dict(self) -> dict[str, Any]:
        stats = self.stats
        return {
            "rate_per_s": round(float(stats["rate_per_s"]), 1),
            "requests": stats["requests"],
            "errors": stats["failures"],
            "latency_ms": stats["latency_ms"],
            "workers": stats["workers"],
            "checks": [c.to_dict() for c in self.checks],
            "verdict": self.verdict,
            "duration_s": round(float(stats["duration_s"]), 2),
            "by_status": stats["by_status"],
            "by_kind": stats["by_kind"],
            "timeouts": stats["timeouts"],
            "retries": stats["retries"],
            "taps": {"sent": stats["taps_sent"], "answered": stats["taps_answered"]},
        }


@functools.cache
def _specs() -> Mapping[str, tuple[Level, str]]:
    text = resources.files(__package__).joinpath("checks.json").read_text("utf-8")
    return {c["id"]: (Level(c["level"]), c["title"]) for c in json.loads(text)["checks"]}


def _check(check_id: str, passed: bool | None, message: str) -> LoadCheck:
    level, title = _specs()[check_id]
    outcome = Outcome.SKIPPED if passed is None else Outcome.PASSED if passed else Outcome.FAILED
    return LoadCheck(check_id, level, title, outcome, message)


def judge(
    stats: Mapping[str, Any],
    before: JournalCounts,
    after: JournalCounts,
    *,
    plan: LoadPlan,
    prepared: bool,
    note: str = "",
) -> LoadResult:
    """Every check of ``checks.json`` on one run's measurements and the fake's counts."""
    requests = int(stats["requests"])
    by_status = {int(k): int(v) for k, v in stats["by_status"].items()}
    latency = stats["latency_ms"]
    slow = int(stats["over_1s"])
    server_errors = sum(n for status, n in by_status.items() if status >= 500)
    unanswered = by_status.get(0, 0)
    checks = [
        _check(
            "LOAD-001",
            latency["p50"] <= MEDIAN_MS if requests else None,
            f"median {latency['p50']} ms (Meta asks for about {MEDIAN_MS} ms)",
        ),
        _check(
            "LOAD-002",
            slow < SLOW_SHARE * requests if requests else None,
            f"{slow} of {requests} answers took over {SLOW_MS / 1000:g} s "
            f"({_percent(slow, requests)}; Meta asks for under 1 %)",
        ),
        _check(
            "LOAD-003",
            server_errors == 0,
            f"{server_errors} answers with a 5xx status" if server_errors else "no 5xx answer",
        ),
        _check(
            "LOAD-004",
            unanswered == 0,
            f"{unanswered} requests got no answer ({stats['timeouts']} timed out)"
            if unanswered
            else "every request was answered",
        ),
        *_journal_checks(stats, before, after, plan, prepared, note),
        _check(
            "LOAD-007",
            True,
            f"{float(stats['rate_per_s']):.0f} notifications/s over {stats['duration_s']:.1f} s; "
            f"answers by status: {_statuses(by_status)}",
        ),
    ]
    return LoadResult(stats=stats, checks=tuple(checks))


def _journal_checks(
    stats: Mapping[str, Any],
    before: JournalCounts,
    after: JournalCounts,
    plan: LoadPlan,
    prepared: bool,
    note: str,
) -> list[LoadCheck]:
    if not prepared or before.accepted == 0:
        why = note or (
            "the target sent nothing to the fake Graph API while it was prepared, so what it "
            "did under load cannot be read; point its WHATSAPP_GRAPH_API_BASE at the fake"
        )
        return [_check("LOAD-005", None, why), _check("LOAD-006", None, why)]
    return [_taps_check(stats, before, after), _opt_in_check(before, after, plan)]


def _taps_check(stats: Mapping[str, Any], before: JournalCounts, after: JournalCounts) -> LoadCheck:
    sent, answered = int(stats["taps_sent"]), int(stats["taps_answered"])
    if sent == 0:
        return _check("LOAD-005", None, "no taps were sent (raise --duration or --opportunities)")
    if after.overflow > before.overflow:
        return _check("LOAD-005", None, "more distinct cards than the fake counts one by one")
    cards = Counter(after.by_card)
    cards.subtract(before.by_card)
    new = {card: n for card, n in cards.items() if n > 0}
    doubled = {card: n for card, n in new.items() if n > 1}
    kinds = stats["by_kind"]
    how = (
        f"{sent} unique taps, {kinds.get('tap (duplicate)', 0)} deliveries of them twice at "
        f"once, {kinds.get('redelivery', 0)} redelivered in another batch"
    )
    if doubled:
        card, times = next(iter(doubled.items()))
        return _check(
            "LOAD-005",
            False,
            f"{len(doubled)} taps were acted on more than once ({how}); "
            f"e.g. the card {card!r} was sent {times} times",
        )
    if len(new) < answered:
        return _check(
            "LOAD-005",
            False,
            f"only {len(new)} of the {answered} taps answered 2xx were acted on ({how})",
        )
    return _check("LOAD-005", True, f"{how}: each acted on once ({len(new)} cards)")


def _opt_in_check(before: JournalCounts, after: JournalCounts, plan: LoadPlan) -> LoadCheck:
    recipients = Counter(after.by_recipient)
    recipients.subtract(before.by_recipient)
    opted = set(plan.operators)
    strangers = {to: n for to, n in recipients.items() if n > 0 and to not in opted}
    if strangers:
        sample = ", ".join(sorted(strangers)[:3])
        return _check(
            "LOAD-006",
            False,
            f"{sum(strangers.values())} sends to {len(strangers)} numbers not opted in: {sample}",
        )
    sends = sum(n for n in recipients.values() if n > 0)
    return _check("LOAD-006", True, f"{sends} sends during the load, all to opted-in operators")


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f} %" if whole else "n/a"


def _statuses(by_status: Mapping[int, int]) -> str:
    names = {0: "no answer"}
    return ", ".join(f"{names.get(s, s)}: {n}" for s, n in sorted(by_status.items())) or "none"


def verdict_line(result: LoadResult, *, strict: bool = False) -> str:
    """``Verdict: PASS``, ``WARN`` or ``FAIL`` with the checks that decided it, as ``run``
    words its verdict; with ``strict`` a failed SHOULD check fails the run."""
    failed = [c for c in result.checks if c.outcome is Outcome.FAILED]
    musts = [c.id for c in failed if c.level is Level.MUST]
    shoulds = [c.id for c in failed if c.level is Level.SHOULD]
    if musts:
        return f"Verdict: FAIL - {len(musts)} MUST check(s) failed: {', '.join(musts)}"
    if shoulds and strict:
        return f"Verdict: FAIL - {len(shoulds)} SHOULD check(s) failed: {', '.join(shoulds)}"
    if shoulds:
        return (
            f"Verdict: WARN - {len(shoulds)} SHOULD check(s) failed: {', '.join(shoulds)} "
            "(--strict fails the run on them)"
        )
    return "Verdict: PASS"


def format_result(result: LoadResult, *, strict: bool = False) -> str:
    """The terminal summary: figures, one line per check, the verdict."""
    data = result.to_dict()
    latency = data["latency_ms"]
    lines = [
        f"{data['requests']} requests in {data['duration_s']} s: {data['rate_per_s']}/s "
        f"over {data['workers']} Locust process(es); {data['errors']} not answered 2xx",
        f"latency ms: p50 {latency['p50']}  p95 {latency['p95']}  p99 {latency['p99']}  "
        f"max {latency['max']:.0f}",
    ]
    lines.extend(
        f"{check.outcome.value.upper():<7} {check.id} {check.level.value:<6} "
        f"{check.title}: {check.message}"
        for check in result.checks
    )
    lines.append(verdict_line(result, strict=strict))
    return "\n".join(lines)

"""A conversation replay written for people (terminal) and for tools (JSON)."""

from __future__ import annotations

from typing import Any

from harness.recording.replaying import ConversationReplay


def verdict(result: ConversationReplay, *, expect: bool) -> str:
    """``match``, ``regression`` or ``replayed`` (nothing compared without --expect)."""
    if not expect:
        return "replayed"
    return "match" if result.matches else "regression"


def as_json(
    result: ConversationReplay, *, conversation: str, target: str, expect: bool
) -> dict[str, Any]:
    """The replay as a JSON document: verdict, counts, differences, deliveries, notes."""
    return {
        "conversation": conversation,
        "target": target,
        "verdict": verdict(result, expect=expect),
        "sends": {"recorded": len(result.recorded), "replayed": len(result.replayed)},
        "differences": [d.as_dict() for d in result.differences],
        "deliveries": result.deliveries,
        "notes": result.notes,
    }


def as_text(result: ConversationReplay, *, conversation: str, target: str, expect: bool) -> str:
    """Headline, notes, then each difference with its diff."""
    delivered = len(result.deliveries)
    head = (
        f"replay of {conversation} against {target}: {delivered} notification(s) delivered, "
        f"{len(result.replayed)} send(s) made, {len(result.recorded)} recorded"
    )
    lines = [head]
    lines += [f"  note: {note}" for note in result.notes]
    if not expect:
        lines.append("not compared (pass --expect to compare the sends with the recording)")
        return "\n".join(lines)
    if result.matches:
        lines.append("MATCH: every send is the one recorded (wamids and timestamps ignored)")
        return "\n".join(lines)
    lines.append(f"REGRESSION: {len(result.differences)} difference(s) in what was sent")
    for difference in result.differences:
        lines.append(f"- {difference.summary}")
        lines += [f"    {line}" for line in difference.diff]
    return "\n".join(lines)

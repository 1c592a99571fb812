"""Recorded sends against replayed ones: noise dropped, differences as readable diffs."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import Any

# Values that differ between any two runs of a correct implementation.
NOISE_KEYS = frozenset({"timestamp", "biz_opaque_callback_data"})
# A send that is new or missing is shown whole up to this many lines.
SHOWN_LINES = 40


@dataclass(frozen=True, slots=True)
class Difference:
    """One send that changed, went missing or is new; ``diff`` is a unified diff of JSON."""

    kind: str
    recorded_index: int | None
    replayed_index: int | None
    summary: str
    diff: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "kind": self.kind,
            "recorded_send": None if self.recorded_index is None else self.recorded_index + 1,
            "replayed_send": None if self.replayed_index is None else self.replayed_index + 1,
            "summary": self.summary,
            "diff": self.diff,
        }


def normalised(sends: list[Any]) -> list[Any]:
    """Each send's body with wamids numbered by first appearance and noise keys blanked."""
    names: dict[str, str] = {}

    def walk(node: Any, key: str = "") -> Any:
        if isinstance(node, dict):
            return {k: walk(v, str(k)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(item, key) for item in node]
        if key in NOISE_KEYS:
            return "<ignored>"
        if isinstance(node, str) and node.startswith("wamid."):
            return names.setdefault(node, f"<wamid {len(names) + 1}>")
        return node

    return [walk(send) for send in sends]


def compare(recorded: list[Any], replayed: list[Any]) -> list[Difference]:
    """The differences between two lists of send bodies, aligned as a diff aligns lines."""
    left, right = normalised(recorded), normalised(replayed)
    keys_left = [_canonical(item) for item in left]
    keys_right = [_canonical(item) for item in right]
    matcher = difflib.SequenceMatcher(a=keys_left, b=keys_right, autojunk=False)
    found: list[Difference] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        found += [_changed(i1 + k, j1 + k, left[i1 + k], right[j1 + k]) for k in range(pairs)]
        found += [_missing(i, left[i]) for i in range(i1 + pairs, i2)]
        found += [_extra(j, right[j]) for j in range(j1 + pairs, j2)]
    return found


def _missing(i: int, send: Any) -> Difference:
    summary = f"recorded send {i + 1} was not sent: {_gist(send)}"
    return Difference("missing", i, None, summary, _lines("-", send))


def _extra(j: int, send: Any) -> Difference:
    summary = f"new send {j + 1}, not in the recording: {_gist(send)}"
    return Difference("extra", None, j, summary, _lines("+", send))


def _lines(sign: str, send: Any) -> list[str]:
    """A whole send as diff lines, cut after ``SHOWN_LINES``."""
    lines = _pretty(send)
    shown = [sign + line for line in lines[:SHOWN_LINES]]
    return shown + (
        [f"{sign}… ({len(lines) - SHOWN_LINES} more lines)"] if len(lines) > SHOWN_LINES else []
    )


def _changed(i: int, j: int, before: Any, after: Any) -> Difference:
    diff = list(
        difflib.unified_diff(
            _pretty(before),
            _pretty(after),
            f"recorded send {i + 1}",
            f"replayed send {j + 1}",
            n=2,
            lineterm="",
        )
    )
    return Difference(
        "changed", i, j, f"send {j + 1} differs from the recording: {_gist(after)}", diff
    )


def _gist(send: Any) -> str:
    """A few words naming a send: its kind and its addressee."""
    if not isinstance(send, dict):
        return "a body that is not JSON"
    kind = send.get("type", "?")
    if kind == "interactive" and isinstance(send.get("interactive"), dict):
        kind = f"interactive {send['interactive'].get('type', '?')}"
    return f"{kind} to {send.get('to') or send.get('recipient') or '?'}"


def _canonical(item: Any) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def _pretty(item: Any) -> list[str]:
    return json.dumps(item, sort_keys=True, ensure_ascii=False, indent=2).splitlines()

"""Send rules a JSON Schema cannot say: uniqueness, trimmed ids, the 10-row total."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

MAX_LIST_ROWS = 10


@dataclass(frozen=True, slots=True)
class RuleBreach:
    """One broken rule at a path of keys and indexes."""

    path: tuple[str | int, ...]
    rule: str
    details: str
    code: int


def iter_rule_breaches(body: Mapping[str, Any]) -> Iterator[RuleBreach]:
    """Breaches of the cross-field rules; malformed parts are left to the schema."""
    interactive = body.get("interactive")
    if body.get("type") != "interactive" or not isinstance(interactive, Mapping):
        return
    action = interactive.get("action")
    if not isinstance(action, Mapping):
        return
    if interactive.get("type") == "button":
        yield from _button_breaches(action.get("buttons"))
    elif interactive.get("type") == "list":
        yield from _list_breaches(action.get("sections"))


def _button_breaches(buttons: Any) -> Iterator[RuleBreach]:
    if not isinstance(buttons, list):
        return
    seen_titles: set[str] = set()
    seen_ids: set[str] = set()
    for index, button in enumerate(buttons):
        reply = button.get("reply") if isinstance(button, Mapping) else None
        if not isinstance(reply, Mapping):
            continue
        where = ("interactive", "action", "buttons", index, "reply")
        title, button_id = reply.get("title"), reply.get("id")
        if isinstance(title, str):
            if title in seen_titles:
                yield RuleBreach(
                    (*where, "title"),
                    "button_titles_unique",
                    "Buttons titles must be unique",
                    131009,
                )
            seen_titles.add(title)
        if isinstance(button_id, str):
            if button_id in seen_ids:
                yield RuleBreach(
                    (*where, "id"), "button_ids_unique", "Buttons ids must be unique", 131009
                )
            seen_ids.add(button_id)
            if button_id and button_id != button_id.strip():
                yield RuleBreach(
                    (*where, "id"),
                    "button_id_spaces",
                    "Button id must not have leading or trailing spaces",
                    131009,
                )


def _list_breaches(sections: Any) -> Iterator[RuleBreach]:
    if not isinstance(sections, list):
        return
    where = ("interactive", "action", "sections")
    total = sum(
        len(s["rows"])
        for s in sections
        if isinstance(s, Mapping) and isinstance(s.get("rows"), list)
    )
    if total > MAX_LIST_ROWS:
        details = f"Total row count exceed max allowed count: {MAX_LIST_ROWS}"
        yield RuleBreach(where, "list_total_rows", details, 131009)
    if len(sections) > 1:
        for index, section in enumerate(sections):
            if isinstance(section, Mapping) and "title" not in section:
                yield RuleBreach(
                    (*where, index, "title"),
                    "section_titles_required",
                    "The parameter interactive['action']['sections'][*]['title'] is required "
                    "when there is more than one section.",
                    131008,
                )

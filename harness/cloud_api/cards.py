"""What a ``/messages`` body shows as a card: one lenient reading for every part that
draws, summarises or counts cards (the fake, the checks, the sandbox and the reports).

The checks that grade a card's shape read it strictly instead
(``harness.checks.card_reading``), since they must say exactly what is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Reply:
    """A reply button, or a list row: what the user taps and the id it sends back."""

    id: str
    title: str
    # A list row's second line; reply buttons have none.
    description: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    """A list's section: its title and rows."""

    title: str
    rows: tuple[Reply, ...]


@dataclass(frozen=True, slots=True)
class Card:
    """An interactive message: its kind (``button``, ``list``, ...), texts and choices."""

    kind: str
    body: str
    header: str = ""
    footer: str = ""
    buttons: tuple[Reply, ...] = ()
    sections: tuple[Section, ...] = ()
    # The list's button label (``action.button``).
    list_button: str = ""

    @classmethod
    def of(cls, payload: Any) -> Card | None:
        """The card ``payload`` sends, or None when it is not an interactive message."""
        if not isinstance(payload, Mapping) or payload.get("type") != "interactive":
            return None
        interactive = payload.get("interactive")
        if not isinstance(interactive, Mapping):
            return None
        action = interactive.get("action")
        action = action if isinstance(action, Mapping) else {}
        buttons = tuple(
            _reply(button.get("reply"))
            for button in _items(action.get("buttons"))
            if isinstance(button.get("reply"), Mapping)
        )
        sections = tuple(
            Section(str(section.get("title", "")), tuple(map(_reply, _items(section.get("rows")))))
            for section in _items(action.get("sections"))
        )
        return cls(
            kind=str(interactive.get("type", "")),
            body=_text(interactive.get("body")),
            header=_text(interactive.get("header")),
            footer=_text(interactive.get("footer")),
            buttons=buttons,
            sections=sections,
            list_button=str(action.get("button", "")),
        )

    @property
    def rows(self) -> tuple[Reply, ...]:
        """Every row of a list, section after section."""
        return tuple(row for section in self.sections for row in section.rows)

    @property
    def reply_ids(self) -> tuple[str, ...]:
        return tuple(choice.id for choice in (*self.buttons, *self.rows))

    @property
    def titles(self) -> tuple[str, ...]:
        return tuple(button.title for button in self.buttons)

    @property
    def is_draft_card(self) -> bool:
        """A step-2 card: one of its replies approves a draft (``msg:…:approve``)."""
        return any(reply_id.endswith(":approve") for reply_id in self.reply_ids)

    @property
    def key(self) -> str | None:
        """Its first reply id: which card (and so which decision) it is."""
        return self.reply_ids[0] if self.reply_ids else None


def reply_button_ids(payload: Any) -> list[str]:
    """The reply id of every entry of a body's reply-button list, "" for a malformed one
    (empty when it has no such list): what the 3-button limit counts, whatever ``type``."""
    interactive = payload.get("interactive") if isinstance(payload, Mapping) else None
    action = interactive.get("action") if isinstance(interactive, Mapping) else None
    found = action.get("buttons") if isinstance(action, Mapping) else None
    if not isinstance(found, list):
        return []
    replies = [button.get("reply") if isinstance(button, Mapping) else None for button in found]
    return [str(r.get("id", "")) if isinstance(r, Mapping) else "" for r in replies]


def _items(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _reply(part: Any) -> Reply:
    return Reply(
        id=str(part.get("id", "")),
        title=str(part.get("title", "")),
        description=str(part.get("description", "")),
    )


def _text(part: Any) -> str:
    return str(part.get("text", "")) if isinstance(part, Mapping) else ""

"""What a root cause tripped on: the send Meta refused, and what was wrong with it."""

from __future__ import annotations

from collections.abc import Iterable

from harness.cloud_api.limits import card_limits
from harness.reports.conversation import Entry, Send


def refused_send(conversations: Iterable[list[Entry]]) -> Send | None:
    """The first send Meta refused in these checks' conversations, if any."""
    for entries in conversations:
        for entry in entries:
            for send in entry.sends:
                if send.status and not send.status.startswith("2"):
                    return send
    return None


def excess_buttons(send: Send | None) -> str:
    """``the card has 4 reply buttons; Meta allows 3: «موعد» is one too many``, if so."""
    if send is None or send.bubble.kind != "card":
        return ""
    allowed = card_limits()["buttons"]
    buttons = send.bubble.buttons
    if len(buttons) <= allowed:
        return ""
    extra = ", ".join(f"«{b.title}»" for b in buttons[allowed:])
    many = "is one" if len(buttons) - allowed == 1 else "are"
    return (
        f"the card has {len(buttons)} reply buttons; Meta allows {allowed}: {extra} {many} too many"
    )

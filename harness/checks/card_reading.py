"""Reading cards: normalise what a builder returned or the fake captured, and pick parts."""

from __future__ import annotations

from typing import Any

from harness.errors import CheckFailed


def as_message(card: Any, to: str) -> dict[str, Any]:
    """The full /messages body for a builder's answer, which may be just the interactive part."""
    if not isinstance(card, dict):
        raise CheckFailed(
            f"the card builder returned {type(card).__name__}, not a dict: {card!r:.200}"
        )
    if "messaging_product" in card:
        return card
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, **card}


def buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    """The reply buttons of an interactive button message; a wrong shape is a failure."""
    interactive = card.get("interactive")
    action = interactive.get("action") if isinstance(interactive, dict) else None
    found = action.get("buttons") if isinstance(action, dict) else None
    if not isinstance(found, list):
        raise CheckFailed("the card has no interactive.action.buttons list")
    return found


def reply(button: Any) -> dict[str, Any]:
    part = button.get("reply") if isinstance(button, dict) else None
    if not isinstance(part, dict):
        raise CheckFailed(f"a button has no reply object: {button!r:.200}")
    return part


def reply_ids(card: dict[str, Any]) -> list[str]:
    return [str(reply(b).get("id", "")) for b in buttons(card)]


def titles(card: dict[str, Any]) -> list[str]:
    return [str(reply(b).get("title", "")) for b in buttons(card)]


def body_text(card: dict[str, Any]) -> Any:
    interactive = card.get("interactive")
    body = interactive.get("body") if isinstance(interactive, dict) else None
    return body.get("text") if isinstance(body, dict) else None


def button_for(card: dict[str, Any], action: str) -> dict[str, Any]:
    """The reply of the button whose id ends with ``:action``."""
    for button in buttons(card):
        part = reply(button)
        if str(part.get("id", "")).endswith(f":{action}"):
            return part
    raise CheckFailed(f"the card has no button whose id ends with ':{action}': {reply_ids(card)}")

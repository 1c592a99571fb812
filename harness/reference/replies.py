"""Reading a tapped reply out of one ``value.messages[]`` element."""

from __future__ import annotations

from typing import Any

from .reply_ids import OPPORTUNITY_PREFIX, resolve_key, split_reply_id


def extract_reply_id(message: Any) -> str | None:
    """The developer-defined id of a reply-button, list-row or template quick-reply tap."""
    if not isinstance(message, dict):
        return None
    kind = message.get("type")
    if kind in ("interactive", None) and isinstance(message.get("interactive"), dict):
        interactive = message["interactive"]
        reply_kind = interactive.get("type")
        if reply_kind in ("button_reply", "list_reply"):
            reply = interactive.get(reply_kind)
            reply_id = reply.get("id") if isinstance(reply, dict) else None
            if isinstance(reply_id, str):
                return reply_id
        return None
    if kind in ("button", None) and isinstance(message.get("button"), dict):
        # Template quick replies come back as type "button" carrying the payload we set.
        payload = message["button"].get("payload")
        return payload if isinstance(payload, str) else None
    return None


def parse_button_reply(message: Any) -> dict[str, str] | None:
    """``{kind, action, opportunity_id | draft_id}`` for one of our reply ids, else None."""
    reply_id = extract_reply_id(message)
    if reply_id is None:
        return None
    parts = split_reply_id(reply_id)
    if parts is None:
        return None
    prefix, key, action = parts
    ident = resolve_key(prefix, key)
    if prefix == OPPORTUNITY_PREFIX:
        return {"kind": "opportunity", "action": action, "opportunity_id": ident}
    return {"kind": "draft", "action": action, "draft_id": ident}

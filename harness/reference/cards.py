"""Builders of the message payloads the bot sends: the step-1 and step-2 cards and plain text.

Each builder returns the partial form ``{"type": ..., <type>: {...}}``; the Graph client adds
``messaging_product``, ``recipient_type`` and ``to``. Lengths are counted in code points, the
conservative reading of Meta's limits.
"""

from __future__ import annotations

from typing import Any

from .reply_ids import DRAFT_PREFIX, OPPORTUNITY_PREFIX, make_reply_id

BODY_LIMIT = 1024
TEXT_LIMIT = 4096
BUTTON_TITLE_LIMIT = 20
ELLIPSIS = "…"

OPPORTUNITY_BUTTONS = (("accept", "قبول"), ("skip", "تخطي"), ("draft", "رسالة"))
DRAFT_BUTTONS = (("approve", "اعتماد"), ("edit", "تعديل"), ("cancel", "إلغاء"))

OPPORTUNITY_FALLBACK_BODY = "فرصة جديدة"
DRAFT_FALLBACK_BODY = "مسودة رسالة جديدة"
COMPANY_LABEL = "الشركة"


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` code points, marking a cut with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def _field(record: dict[str, Any], key: str) -> str:
    """A text field of an input record, tolerating absent or non-string values."""
    value = record.get(key)
    return value.strip() if isinstance(value, str) else ""


def _required_id(record: dict[str, Any], what: str) -> str:
    """The record's id as a string; an empty id cannot yield distinct reply ids."""
    value = record.get("id")
    ident = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if not ident:
        raise ValueError(f"{what} needs a non-empty 'id'")
    return ident


def _button_card(
    body: str, prefix: str, ident: str, buttons: tuple[tuple[str, str], ...]
) -> dict[str, Any]:
    """An interactive reply-button message with one button per (action, title)."""
    return {
        "type": "interactive",
        "interactive": {
            "type": "button",
            "body": {"text": body},
            "action": {
                "buttons": [
                    {
                        "type": "reply",
                        "reply": {"id": make_reply_id(prefix, ident, action), "title": title},
                    }
                    for action, title in buttons
                ]
            },
        },
    }


def opportunity_body(opportunity: dict[str, Any]) -> str:
    """The step-1 body: bold title, company, then the summary, which is what gets cut."""
    title = _field(opportunity, "title")
    company = _field(opportunity, "company")
    summary = _field(opportunity, "summary")
    head = [f"*{title}*" if title else "", f"{COMPANY_LABEL}: {company}" if company else ""]
    lines = [line for line in head if line]
    if summary:
        lines.extend(["", summary] if lines else [summary])
    return truncate("\n".join(lines), BODY_LIMIT) or OPPORTUNITY_FALLBACK_BODY


def build_opportunity_card(opportunity: dict[str, Any]) -> dict[str, Any]:
    """The step-1 card: قبول / تخطي / رسالة with ``opp:{id}:accept|skip|draft``."""
    ident = _required_id(opportunity, "opportunity")
    return _button_card(
        opportunity_body(opportunity), OPPORTUNITY_PREFIX, ident, OPPORTUNITY_BUTTONS
    )


def build_draft_card(draft: dict[str, Any]) -> dict[str, Any]:
    """The step-2 card: the draft text with اعتماد / تعديل / إلغاء and ``msg:{id}:…``."""
    ident = _required_id(draft, "draft")
    body = truncate(_field(draft, "text"), BODY_LIMIT) or DRAFT_FALLBACK_BODY
    return _button_card(body, DRAFT_PREFIX, ident, DRAFT_BUTTONS)


def build_text_message(text: str) -> dict[str, Any]:
    """A plain session text message (what an approved draft becomes)."""
    return {"type": "text", "text": {"body": truncate(text, TEXT_LIMIT), "preview_url": False}}

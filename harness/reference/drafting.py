"""Composing the message draft an operator reviews before anything reaches a prospect."""

from __future__ import annotations

from typing import Any


def draft_id_for(opportunity_id: str) -> str:
    """Stable: one opportunity always has the same draft id, distinct from any other's."""
    return f"d-{opportunity_id}"


def compose_draft_text(opportunity: dict[str, Any]) -> str:
    """An Arabic first message addressed to the prospect by name."""
    prospect = opportunity.get("prospect")
    name = prospect.get("name") if isinstance(prospect, dict) else None
    name = name.strip() if isinstance(name, str) else ""
    title = opportunity.get("title")
    title = title.strip() if isinstance(title, str) and title.strip() else "فرصة للتعاون"
    company = opportunity.get("company")
    company = company.strip() if isinstance(company, str) else ""
    greeting = f"مرحباً {name}،" if name else "مرحباً،"
    about = f"نتواصل معك بخصوص {title}" + (f" لدى {company}" if company else "") + "."
    return f"{greeting}\n{about}\nهل يناسبك أن نحدد وقتاً قصيراً للحديث عن التفاصيل؟"

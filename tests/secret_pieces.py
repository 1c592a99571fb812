"""What counts as a leak: any run of eight or more characters of a secret, in any spelling."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

PIECE = 8


def leaked_pieces(text: str, secrets: Iterable[str]) -> list[str]:
    """Every 8-character piece of a secret (as written, JSON-, URL- or HTML-escaped) in text."""
    found = []
    for secret in secrets:
        forms = {
            secret,
            json.dumps(secret)[1:-1],
            json.dumps(secret, ensure_ascii=False)[1:-1],
            quote(secret, safe=""),
            quote_plus(secret),
            html.escape(secret),
        }
        for form in forms:
            pieces = {form[i : i + PIECE] for i in range(len(form) - PIECE + 1)}
            found += sorted(piece for piece in pieces if piece in text)
    return found

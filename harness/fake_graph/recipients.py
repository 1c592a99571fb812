"""Recipient numbers as Meta echoes them: ``wa_id`` is the digits of ``to``."""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"[+\s\-()]")


def wa_id_from(to: str) -> str:
    """Strip ``+``, spaces, dashes and parentheses; Meta accepts all of them in ``to``."""
    return _PUNCTUATION.sub("", to)

"""The one place secrets are removed before anything is shown or written.

Every output of a run (terminal lines, report files, the transcript, the loopback fake's
``/_harness/sent``) passes through a ``Redactor`` built from every secret the run knows.
It masks each secret in each spelling it can take in those outputs (as written,
JSON-escaped, Meta's ``\\uXXXX`` and ``\\/`` escapes, URL-encoded, HTML/XML-escaped, as
``repr`` quotes it, and JSON-escaped once more for JSON that quotes JSON), and any run
of ``PIECE`` or more characters of one: text cut somewhere upstream may carry only part
of a secret, and half an app secret is still a leak. Cutting for display is done by
``clip``, after masking.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, overload
from urllib.parse import quote, quote_plus
from xml.sax.saxutils import escape as xml_escape

MASK = "[redacted]"
# Secrets are at least 8 characters (settings.MIN_SECRET_LENGTH); so is a leaked piece.
PIECE = 8
ELLIPSIS = "…"
_XML_QUOTES = {'"': "&quot;", "'": "&apos;"}


class Redactor:
    """Replaces the known secrets, whole or in pieces, in text and in JSON-like data."""

    def __init__(self, secrets: Iterable[str | None], *, pieces: bool = True) -> None:
        """``pieces=False`` masks whole spellings only (for captures a verdict still reads)."""
        known = {s for s in secrets if s}
        spelt = sorted({form for secret in known for form in spellings(secret)}, key=len)
        size = PIECE if pieces else None
        grams = {gram for form in spelt for gram in _grams(form, size)}
        self._short = [form for form in reversed(spelt) if len(form) < PIECE]
        self._reach = max(map(len, spelt), default=0)
        # A lookahead finds every start, overlapping ones too; the trie keeps it fast.
        self._pattern = re.compile("(?=(" + _trie(grams) + "))") if grams else None

    def text(self, value: str) -> str:
        """``value`` with every secret (or piece of one) replaced by ``[redacted]``."""
        if self._pattern is not None:
            value = _mask_spans(value, self._spans(value))
        for form in self._short:
            value = value.replace(form, MASK)
        return value

    def clip(self, value: str, limit: int, *, tail: str = ELLIPSIS) -> str:
        """Mask first, then cut to ``limit`` characters: a cut can no longer split a secret."""
        # Only the head is shown, so only the head (and a secret's length past it) is masked:
        # a megabyte answer body costs no more than a short one.
        end = limit + self._reach
        masked = self.text(value[:end])
        while end < len(value) and len(masked) <= limit + self._reach:
            end *= 2
            masked = self.text(value[:end])
        if end >= len(value) and len(masked) <= limit:
            return masked
        head = masked[: max(limit - len(tail), 0)]
        # A mask cut in two would look like text; drop it whole instead.
        cut_mask = head.rfind(MASK[0])
        if cut_mask >= 0 and masked.startswith(MASK, cut_mask) and cut_mask + len(MASK) > len(head):
            head = head[:cut_mask]
        return head + tail

    # The shape survives redaction: strings (and bytes) stay strings, mappings become dicts,
    # sequences become lists, other JSON scalars come back as they were.
    @overload
    def data(self, value: str | bytes, *, limit: int | None = None) -> str: ...
    @overload
    def data(self, value: Mapping[str, Any], *, limit: int | None = None) -> dict[str, Any]: ...
    @overload
    def data(
        self, value: list[Any] | tuple[Any, ...], *, limit: int | None = None
    ) -> list[Any]: ...
    @overload
    def data(self, value: float | None, *, limit: int | None = None) -> float | None: ...
    def data(self, value: object, *, limit: int | None = None) -> object:
        """Masked copy of JSON-like data; with ``limit``, long strings are then clipped."""
        if isinstance(value, bytes):
            value = value.decode("utf-8", errors="replace")
        if isinstance(value, str):
            if limit is None or len(value) <= limit:
                return self.text(value)
            return self.clip(value, limit, tail=f"… ({len(value)} characters in all)")
        if isinstance(value, dict):
            return {self.text(str(k)): self.data(v, limit=limit) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.data(v, limit=limit) for v in value]
        return value

    def _spans(self, value: str) -> Iterator[tuple[int, int]]:
        """Merged ``(start, end)`` ranges of ``value`` that belong to a secret."""
        assert self._pattern is not None
        start = end = -1
        for match in self._pattern.finditer(value):
            left, right = match.start(), match.start() + len(match.group(1))
            if left > end:
                if end > start:
                    yield start, end
                start = left
            end = max(end, right)
        if end > start:
            yield start, end


def spellings(secret: str) -> set[str]:
    """Every form ``secret`` can take in the harness's outputs."""
    ascii_json = json.dumps(secret, ensure_ascii=True)[1:-1]
    forms = {
        secret,
        ascii_json,
        json.dumps(secret, ensure_ascii=False)[1:-1],
        ascii_json.replace("/", "\\/"),
        re.sub(r"\\u([0-9a-f]{4})", lambda m: "\\u" + m.group(1).upper(), ascii_json),
        quote(secret, safe=""),
        quote(secret, safe="").lower(),
        quote_plus(secret),
        html.escape(secret),
        xml_escape(secret, _XML_QUOTES),
        *_repr_forms(secret),
    }
    return forms | {json.dumps(form, ensure_ascii=False)[1:-1] for form in forms}


def _repr_forms(secret: str) -> set[str]:
    """How ``{text!r}`` writes ``secret`` inside a longer text: with ``'`` escaped or not."""
    # With both quotes in the string, repr quotes with ' and escapes every ' in it.
    escaped = repr(secret + "\"'")[1:-4]
    return {escaped, escaped.replace("\\'", "'")}


def _trie(words: Iterable[str]) -> str:
    """One regex for ``words`` as a trie: each character is tried once, longest word first."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        ends = "" in node
        if len(branches) == 1 and not ends:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if ends else group

    return emit(root)


def _grams(form: str, size: int | None) -> set[str]:
    if len(form) < PIECE:
        return set()
    if size is None:
        return {form}
    return {form[i : i + size] for i in range(len(form) - size + 1)}


def _mask_spans(value: str, spans: Iterable[tuple[int, int]]) -> str:
    parts, at = [], 0
    for start, end in spans:
        parts += [value[at:start], MASK]
        at = end
    if not parts:
        return value
    parts.append(value[at:])
    return "".join(parts)

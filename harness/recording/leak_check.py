"""The last gate before a recording is kept: no original identifier or secret in the file."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from harness.errors import HarnessError
from harness.recording.scrubbing import Original
from harness.reports.redaction import PIECE


class LeakFound(HarnessError):
    """A written file still held an original identifier or secret; it has been deleted."""


def check_written(path: Path, originals: Iterable[Original]) -> None:
    """Raise ``LeakFound`` and delete ``path`` if any original (or piece of one) is in it."""
    text = path.read_text(encoding="utf-8")
    known = list(originals)
    found = leaks(text, known)
    if found:
        path.unlink(missing_ok=True)
        kinds = ", ".join(sorted({known[i].kind for i in found}))
        raise LeakFound(
            f"{path} was deleted: {len(found)} original value(s) survived scrubbing "
            f"(kinds: {kinds}), so nothing was kept; please report the payload shape "
            "(not the payload) so the scrubber learns it"
        )


def leaks(text: str, originals: Iterable[Original]) -> list[int]:
    """Indices of the originals found in ``text`` (a JSON file), whole or in pieces."""
    known = list(originals)
    try:
        strings = list(_strings(json.loads(text)))
    except ValueError:
        strings = [text]
    joined = "\n".join(strings)
    found = []
    for index, original in enumerate(known):
        value = original.value
        if original.pieces and len(value) >= PIECE:
            # ASCII originals are also looked for as the file spells them (\/ escapes);
            # non-ASCII ones only decoded: two Arabic letters written as \u0637\u0 share
            # eight characters with any other Arabic text.
            if _has_piece(joined, _grams(value)) or (
                value.isascii() and _has_piece(text, _grams(_escaped(value)))
            ):
                found.append(index)
        elif _has_word(value, [joined]):
            found.append(index)
    return found


def _grams(value: str) -> set[str]:
    return {value[i : i + PIECE] for i in range(len(value) - PIECE + 1)}


def _has_piece(haystack: str, grams: set[str]) -> bool:
    return any(haystack[i : i + PIECE] in grams for i in range(len(haystack) - PIECE + 1))


def _escaped(value: str) -> str:
    return json.dumps(value, ensure_ascii=True)[1:-1].replace("/", "\\/")


def _has_word(value: str, haystacks: list[str]) -> bool:
    """Whole values only; short ones as a word of their own, so "Ali" is not in "Alia"."""
    word = re.compile(r"(?<!\w)" + re.escape(value) + r"(?!\w)")
    return any(word.search(h) for h in haystacks)


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, str):
        yield node
    elif node is not None and not isinstance(node, bool):
        yield str(node)

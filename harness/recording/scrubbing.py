"""Scrubbing: every identifier in a recorded session replaced by its pseudonym, secrets masked.

Two passes over the whole session. The first finds identifiers by where they sit (a
``wa_id``, a ``user_id``, a profile ``name``…); the second replaces them, wherever they
occur, also inside other text (a number typed into a message, a name in a bot's reply),
so one person keeps one pseudonym across the whole conversation.
"""

from __future__ import annotations

import random
import re
import secrets as system_secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from harness.recording.pseudonyms import Pseudonyms, is_bsuid, wamid_number
from harness.reports.redaction import PIECE, Redactor

PHONE_KEYS = frozenset(
    {"wa_id", "from", "recipient_id", "to", "input", "phone", "new_wa_id", "recipient"}
    | {"display_phone_number", "operator", "previous", "current"}
)
NAME_KEYS = frozenset({"formatted_name", "first_name", "last_name", "middle_name"})
NAME_PARENTS = frozenset({"profile", "prospect", "operator", "name", "contact"})
URL_KEYS = frozenset({"url", "link", "source_url", "image_url", "video_url", "thumbnail_url"})
OPAQUE_KEYS = frozenset({"sha256", "fbtrace_id", "ctwa_clid"})
TEXT_PARENTS = frozenset({"text", "image", "video", "document", "audio", "sticker"})
# The implementation's own ids (reply buttons, list rows, quick-reply payloads) stay:
# they are what a replay must send back for the implementation to act.
KEEP_PARENTS = frozenset({"button_reply", "list_reply", "reply", "rows", "buttons", "button"})
_NUMERIC_ID = re.compile(r"^\+?[0-9]{5,}$")
_OPAQUE_ID = re.compile(r"^(?=.*[0-9])[0-9A-Za-z_\-=+/.:]{16,}$")
# Shorter originals are replaced only where they are a whole value, never inside text.
_EMBEDDED_MIN = 6


@dataclass(frozen=True, slots=True)
class Original:
    """A value that must not reach disk; ``pieces``: no run of PIECE characters either."""

    value: str
    pieces: bool = True
    kind: str = "secret"


class Scrubber:
    """Collects a session's identifiers, draws their pseudonyms, then rewrites documents."""

    def __init__(
        self,
        *,
        secrets: Iterable[str | None] = (),
        scrub_text: bool = False,
        rng: random.Random | None = None,
    ) -> None:
        self.scrub_text = scrub_text
        self._rng = rng or random.Random(system_secrets.randbits(64))
        self._secrets = sorted({s for s in secrets if s})
        self._kinds: dict[str, str] = {}
        self._map: dict[str, str] = {}
        self._words: dict[str, str] = {}
        # Usernames are written with and without their "@": both forms map together.
        self._bare: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None
        self._redactor = Redactor(self._secrets)

    # -- pass one -------------------------------------------------------------------------

    def collect(self, document: Any, *, inbound_text: bool = False) -> None:
        """Note every identifier in ``document``; ``inbound_text``: a user's own words."""
        self._walk(document, "", "", inbound_text)

    def collect_value(self, value: str, kind: str) -> None:
        """Note one value of a known kind (e.g. a number found in a URL path)."""
        self._note(value, kind)

    def _walk(self, node: Any, key: str, parent: str, inbound_text: bool) -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                self._walk(value, str(name), key, inbound_text)
        elif isinstance(node, list):
            for item in node:
                self._walk(item, key, parent, inbound_text)
        elif isinstance(node, str) and node:
            kind = self._classify(node, key, parent, inbound_text)
            if kind is not None:
                self._note(node, kind)

    def _classify(self, value: str, key: str, parent: str, inbound_text: bool) -> str | None:
        if value.startswith("wamid."):
            return "wamid"
        if parent in KEEP_PARENTS and key in ("id", "payload", "title"):
            return None
        if key in PHONE_KEYS or key.endswith("wa_id"):
            if is_bsuid(value):
                return "bsuid"
            return "phone" if _NUMERIC_ID.match(value) else None
        if "user_id" in key:
            return "bsuid"
        if key == "username":
            return "username"
        if (key == "name" and parent in NAME_PARENTS) or key in NAME_KEYS:
            return "name"
        if key in URL_KEYS or value.startswith(("http://", "https://")):
            return "url"
        if key in OPAQUE_KEYS:
            return "opaque"
        if key == "id" or key.endswith("_id"):
            if _NUMERIC_ID.match(value) or _OPAQUE_ID.match(value):
                return "opaque"
            return None
        if (
            self.scrub_text
            and inbound_text
            and key in ("body", "caption")
            and parent in TEXT_PARENTS
        ):
            return "text"
        return None

    def _note(self, value: str, kind: str) -> None:
        if value in self._kinds:
            return
        self._kinds[value] = kind
        if kind == "username" and value.startswith("@") and len(value) > 1:
            self._bare[value[1:]] = value
        if kind == "wamid":
            number = wamid_number(value)
            if number:
                self._note(number, "phone")

    # -- between the passes ---------------------------------------------------------------

    def originals(self) -> list[Original]:
        """What must not appear in any file written: identifiers and secrets."""
        found = [
            Original(v, pieces=kind not in ("wamid", "url"), kind=kind)
            for v, kind in self._kinds.items()
        ]
        # A URL keeps its scheme and host; what follows them must not survive.
        found += [Original(_url_rest(v), kind="url") for v, k in self._kinds.items() if k == "url"]
        found += [Original(word, kind="name") for word in self._words]
        found += [Original(bare, kind="username") for bare in self._bare]
        return found + [Original(secret) for secret in self._secrets]

    def finish(self) -> None:
        """Draw a pseudonym for every identifier collected."""
        pseudonyms = Pseudonyms(self._rng, avoid=[*self._kinds, *self._secrets])
        # Numbers first: a wamid's pseudonym carries its number's pseudonym.
        for value, kind in sorted(self._kinds.items(), key=lambda item: item[1] == "wamid"):
            if value not in self._map:
                self._map[value] = self._draw(pseudonyms, value, kind)
        for value, kind in self._kinds.items():
            if kind == "name":
                self._map_words(value, self._map[value])
        for bare, full in self._bare.items():
            self._map.setdefault(bare, self._map[full].removeprefix("@"))
        replaceable = {**self._map, **self._words}
        embedded = sorted((v for v in replaceable if len(v) >= _EMBEDDED_MIN), key=len)
        # A short name, or a short word of one, is replaced where it stands as a word.
        short_names = [v for v, kind in self._kinds.items() if kind == "name"]
        words = sorted(
            {w for w in [*self._words, *short_names] if 3 <= len(w) < _EMBEDDED_MIN}, key=len
        )
        parts = [re.escape(v) for v in reversed(embedded)]
        parts += [r"\b" + re.escape(w) + r"\b" for w in reversed(words)]
        self._pattern = re.compile("|".join(parts)) if parts else None

    def _draw(self, pseudonyms: Pseudonyms, value: str, kind: str) -> str:
        if kind == "phone":
            return pseudonyms.phone(value)
        if kind == "bsuid":
            return pseudonyms.bsuid(value)
        if kind == "wamid":
            return pseudonyms.wamid(value, lambda n: self._map.get(n) or pseudonyms.phone(n))
        if kind == "name":
            return pseudonyms.name(value)
        if kind == "text":
            return pseudonyms.sentence(value)
        if kind == "url":
            return _url_like(pseudonyms, value)
        return pseudonyms.shaped(value)

    def _map_words(self, original: str, pseudonym: str) -> None:
        new = pseudonym.split()
        for index, word in enumerate(original.split()):
            if len(word) >= 3 and word not in self._map:
                self._words.setdefault(word, new[min(index, len(new) - 1)] if new else "")

    # -- pass two -------------------------------------------------------------------------

    def apply(self, document: Any) -> Any:
        """A copy of ``document`` with pseudonyms in place of identifiers, secrets masked."""
        if isinstance(document, dict):
            return {str(k): self.apply(v) for k, v in document.items()}
        if isinstance(document, list):
            return [self.apply(item) for item in document]
        if isinstance(document, str):
            return self.text(document)
        return document

    def text(self, value: str) -> str:
        """One string scrubbed: mapped whole, else every identifier inside it replaced."""
        if value in self._map:
            return self._map[value]
        if self._pattern is not None:
            value = self._pattern.sub(lambda m: self._map.get(m[0]) or self._words[m[0]], value)
        return self._redactor.text(value)


def _url_rest(url: str) -> str:
    """The part of ``url`` after its scheme and host."""
    match = re.match(r"^[a-z]+://[^/?#]+(.*)$", url)
    return match[1] if match else url


def _url_like(pseudonyms: Pseudonyms, url: str) -> str:
    """Scheme and host kept; path and query redrawn, their separators kept."""
    match = re.match(r"^([a-z]+://[^/?#]+)(.*)$", url)
    if match is None:
        return pseudonyms.shaped(url)
    return match[1] + pseudonyms.shaped(match[2]) if match[2] else url


__all__ = ["PIECE", "Original", "Scrubber"]

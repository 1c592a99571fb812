"""The conversation file: its JSON Schema, writing it Meta's way, and reading it back."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from harness.errors import PayloadError

FORMAT = "wa-harness-conversation"
VERSION = 1
SCHEMA_FILE = Path(__file__).parent / "schemas" / "conversation.schema.json"


@dataclass(slots=True)
class Conversation:
    """A scrubbed recording: provenance, the tap's counts and the ordered events."""

    provenance: dict[str, Any]
    events: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        """The events of one kind (``inbound``, ``control`` or ``send``), in order."""
        return [event for event in self.events if event["kind"] == kind]

    def document(self) -> dict[str, Any]:
        """The JSON document the schema describes."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "provenance": self.provenance,
            "counts": self.counts,
            "events": self.events,
        }


@cache
def schema() -> dict[str, Any]:
    """The shipped JSON Schema of conversation files."""
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


def encode(document: Any) -> str:
    r"""One event per line, non-ASCII as ``\uXXXX`` and ``/`` as ``\/``, as Meta writes JSON."""
    text = json.dumps(document, ensure_ascii=True, indent=1)
    # "/" only ever occurs inside JSON strings, so escaping it cannot change the document.
    return text.replace("/", "\\/") + "\n"


def load_conversation(path: Path | str) -> Conversation:
    """Read and validate a conversation file; a bad one is a one-line ``PayloadError``."""
    where = Path(path)
    try:
        document = json.loads(where.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PayloadError(f"{where}: cannot be read ({exc.strerror or exc})") from exc
    except ValueError as exc:
        raise PayloadError(f"{where}: not a JSON conversation file ({exc})") from exc
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema()).iter_errors(document)
    )
    if error is not None:
        at = "/".join(map(str, error.absolute_path)) or "top level"
        raise PayloadError(
            f"{where}: not a conversation file ({at}: {error.message[:200]}); "
            "record one with 'wa-harness record'"
        )
    return Conversation(
        provenance=document["provenance"],
        events=document["events"],
        counts=document.get("counts", {}),
    )

"""Writing a finished report file to disk: the one door every report file goes through."""

from __future__ import annotations

import os
from pathlib import Path

from harness.reports.redaction import Redactor


def write_text(path: str | os.PathLike[str], text: str, redactor: Redactor) -> Path:
    """Write UTF-8 text with every secret masked, creating parent folders, in one step."""
    # Writers mask their data already; this pass also catches a secret in a spelling the
    # format itself produced (an escape, an entity) and any writer that forgot.
    text = redactor.text(text)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    # Lone surrogates (from undecodable bytes) cannot be UTF-8: escape them rather than crash.
    temporary.write_text(text, encoding="utf-8", errors="backslashreplace", newline="\n")
    # A reader never sees half a report, even if the run is interrupted mid-write.
    os.replace(temporary, target)
    return target

"""Writing a finished report file to disk."""

from __future__ import annotations

import os
from pathlib import Path


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 text, creating parent folders, replacing any old file in one step."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    # Lone surrogates (from undecodable bytes) cannot be UTF-8: escape them rather than crash.
    temporary.write_text(text, encoding="utf-8", errors="backslashreplace", newline="\n")
    # A reader never sees half a report, even if the run is interrupted mid-write.
    os.replace(temporary, target)
    return target

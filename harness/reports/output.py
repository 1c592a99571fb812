"""Writing a finished report file to disk: the one door every report file goes through."""

from __future__ import annotations

import os
from pathlib import Path

from harness.errors import UsageError
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


def check_writable(path: str | os.PathLike[str], what: str) -> None:
    """Raise a one-line UsageError now if ``write_text`` could not write ``path`` later.

    A report path is checked before grading, since a typo found only at the end would
    cost the whole run and exit with the code of a failed implementation. The check does
    what writing does (parent folders, the temporary file beside the report), so a
    read-only or pseudo file system, or a parent that is a file, is found whoever runs it.
    """
    target = Path(path)
    try:
        if target.is_dir():
            raise IsADirectoryError(f"{target} is a folder")
        target.parent.mkdir(parents=True, exist_ok=True)
        probe = target.with_name(f".{target.name}.tmp")
        probe.open("w", encoding="utf-8").close()
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if isinstance(exc, FileExistsError | NotADirectoryError):
            reason = "a part of its folder path is a file, not a folder"
        elif isinstance(exc, IsADirectoryError):
            reason = "it is a folder; give a file name"
        raise UsageError(
            f"cannot write the {what} to {path}: {reason}; choose a path you can write"
        ) from None

"""What the installed package is: its version, and where its data files are."""

from __future__ import annotations

from pathlib import Path

VERSION = "0.1.0"

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """A data folder (``features``, ``recorded_payloads``): inside the installed package,
    else the repository's copy."""
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name

"""Recorded webhook payloads, loaded as the raw bytes Meta sent and never re-serialised."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, overload

from harness.errors import PayloadError
from harness.package import data_dir

# Files whose names start with this are deliberately incomplete (missing fields).
MALFORMED_PREFIX = "malformed_"
README = "README.md"
# A README table row that documents a file: | `name.json` | what it is | source |
_README_ROW = re.compile(r"^\|\s*`(?P<name>[^`]+\.json)`\s*\|\s*(?P<description>[^|]+?)\s*\|")


@dataclass(frozen=True, slots=True)
class RecordedPayload:
    """One recorded POST body: its name (path relative to the corpus), file and bytes."""

    name: str
    path: Path
    body: bytes
    description: str | None = None

    @property
    def malformed(self) -> bool:
        """True for the deliberately broken cases (valid JSON, missing fields)."""
        return Path(self.name).name.startswith(MALFORMED_PREFIX)

    def json(self) -> Any:
        """The parsed body; for inspection only, never for sending."""
        return json.loads(self.body)


@dataclass(frozen=True, slots=True)
class CorpusProblem:
    """A file that could not be loaded, and why."""

    name: str
    path: Path
    message: str


def default_corpus_dir() -> Path:
    """The bundled corpus: inside the installed package, else the repository's copy."""
    return data_dir("recorded_payloads")


@overload
def load_corpus(
    directory: Path | str | None = None, *, skip_invalid: Literal[False] = False
) -> list[RecordedPayload]: ...


@overload
def load_corpus(
    directory: Path | str | None = None, *, skip_invalid: Literal[True]
) -> tuple[list[RecordedPayload], list[CorpusProblem]]: ...


def load_corpus(
    directory: Path | str | None = None, *, skip_invalid: bool = False
) -> list[RecordedPayload] | tuple[list[RecordedPayload], list[CorpusProblem]]:
    """Every ``*.json`` under ``directory`` (recursively), sorted by name.

    A file that is not JSON or not a ``whatsapp_business_account`` object raises
    ``PayloadError``; with ``skip_invalid`` it is returned as a ``CorpusProblem`` instead.
    """
    root = Path(directory) if directory is not None else default_corpus_dir()
    if not root.is_dir():
        raise PayloadError(f"payload directory {root} does not exist or is not a directory")
    descriptions = _readme_descriptions(root)
    payloads: list[RecordedPayload] = []
    problems: list[CorpusProblem] = []
    for path in sorted(root.rglob("*.json"), key=lambda p: p.relative_to(root).as_posix()):
        name = path.relative_to(root).as_posix()
        try:
            body = _read(path)
            _check(body, path)
        except PayloadError as exc:
            if not skip_invalid:
                raise
            problems.append(CorpusProblem(name=name, path=path, message=str(exc)))
            continue
        payloads.append(
            RecordedPayload(name=name, path=path, body=body, description=descriptions.get(name))
        )
    return (payloads, problems) if skip_invalid else payloads


def _check(body: bytes, path: Path) -> None:
    try:
        document = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise PayloadError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise PayloadError(
            f"{path}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from exc
    if not isinstance(document, dict):
        raise PayloadError(f"{path}: top level is {type(document).__name__}, expected an object")
    if document.get("object") != "whatsapp_business_account":
        raise PayloadError(
            f'{path}: "object" is {document.get("object")!r}, '
            "expected 'whatsapp_business_account'"
        )


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PayloadError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def _readme_descriptions(root: Path) -> dict[str, str]:
    # The README's table is the one place files are described; reading it here keeps a
    # second catalogue from drifting out of step with it.
    readme = root / README
    if not readme.is_file():
        return {}
    found = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        match = _README_ROW.match(line)
        if match:
            found[match["name"]] = match["description"]
    return found

"""The harness's Gherkin step vocabulary: every step pattern, what it means, an example."""

from __future__ import annotations

import difflib
import importlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pytest_bdd.feature import get_features
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

from harness.checks.check_list import features_dir
from harness.checks.steps import STEP_MODULES

KEYWORDS = {"given": "Given", "when": "When", "then": "Then"}
_MEANINGS = Path(__file__).resolve().parent / "steps" / "vocabulary.json"
_PLACEHOLDER = re.compile(r"\{(\w+)(?::(\w))?\}")


@dataclass(frozen=True, slots=True)
class StepEntry:
    """One step a feature file may use."""

    keyword: str
    pattern: str
    meaning: str
    example: str
    function: str


@cache
def _contexts() -> tuple[StepFunctionContext, ...]:
    for module in STEP_MODULES:
        importlib.import_module(module)
    # The registry gains a copy of every step each time a pytest session in this process
    # (pytester, the CLI run in-process) registers the step modules: keep one of each.
    unique: dict[tuple[str | None, str, str, str], StepFunctionContext] = {}
    for context in list(step_function_context_registry.values()):
        func = context.step_func
        if func.__module__ in STEP_MODULES:
            key = (context.type, context.parser.name, func.__module__, func.__qualname__)
            unique.setdefault(key, context)
    found = list(unique.values())
    order = {module: rank for rank, module in enumerate(STEP_MODULES)}
    found.sort(
        key=lambda c: (
            list(KEYWORDS).index(c.type or "given"),
            order[c.step_func.__module__],
            c.parser.name,
        )
    )
    return tuple(found)


def _written_steps() -> list[tuple[str, str]]:
    """(type, text) of every step in the built-in feature files, for real examples."""
    return [
        (step.type, step.name)
        for feature in get_features([str(features_dir())])
        for scenario in feature.scenarios.values()
        for step in scenario.steps
    ]


def _filled(pattern: str) -> str:
    """A made-up example for a pattern the built-in features never use."""
    return _PLACEHOLDER.sub(lambda m: "3" if m.group(2) == "d" else m.group(1), pattern)


@cache
def vocabulary() -> tuple[StepEntry, ...]:
    """Every step of the vocabulary, Given first, then When, then Then."""
    meanings: dict[str, str] = json.loads(_MEANINGS.read_text(encoding="utf-8"))["meanings"]
    written = _written_steps()
    entries = []
    for context in _contexts():
        kind = context.type or "given"
        matching = [text for t, text in written if t == kind and context.parser.is_matching(text)]
        # A step a writer can copy as it is comes before an outline's "<placeholder>" one.
        example = next(
            (text for text in matching if "<" not in text),
            matching[0] if matching else _filled(context.parser.name),
        )
        name = context.step_func.__name__
        entries.append(
            StepEntry(KEYWORDS[kind], context.parser.name, meanings.get(name, ""), example, name)
        )
    return tuple(entries)


def is_known(kind: str, text: str) -> bool:
    """True when a step of this type (given/when/then) and text has a definition."""
    return any(c.type in (kind, None) and c.parser.is_matching(text) for c in _contexts())


def nearest(kind: str, text: str, count: int = 3) -> list[str]:
    """Known steps that read most like ``text``, as examples a writer can copy."""
    examples = {e.example: e for e in vocabulary() if e.keyword == KEYWORDS.get(kind, "")}
    close = difflib.get_close_matches(text, list(examples), n=count, cutoff=0.3)
    return [f"{examples[c].keyword} {c}" for c in close]


def format_vocabulary() -> str:
    """The vocabulary as text for ``wa-harness steps``."""
    out = []
    for keyword in KEYWORDS.values():
        out.append(f"{keyword}:")
        for entry in (e for e in vocabulary() if e.keyword == keyword):
            out.append(f"  {entry.keyword} {entry.pattern}")
            out.append(f"      {entry.meaning}")
            out.append(f"      e.g. {entry.keyword} {entry.example}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"

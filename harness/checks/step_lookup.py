"""pytest-bdd's step lookup, with the same answers at a fraction of the cost.

For every step of every scenario, pytest-bdd asks pytest which definitions of *every*
fixture name are visible to the test, then keeps the step definitions whose pattern
matches the step: over a hundred visibility queries per step, about a quarter of an
in-process run. Here a name is asked about only when one of the definitions registered
under it, visible or not, is a step definition that matches the step; a name none of
whose definitions matches could give nothing. The visible definitions of the remaining
names are then filtered exactly as pytest-bdd filters them, in the same order, so
scoping and overriding (a conftest's step that replaces a built-in one) are pytest's.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast
from weakref import WeakKeyDictionary

from pytest_bdd.compat import get_fixture_names, getfixturedefs, pytest_version
from pytest_bdd.steps import step_function_context_registry

# pytest-bdd's own lookup, which the faster one must always agree with (None in a
# version of pytest-bdd without it).
PYTEST_BDD_LOOKUP: Callable[..., Iterable[Any]] | None = getattr(
    importlib.import_module("pytest_bdd.scenario"), "find_fixturedefs_for_step", None
)
# Per fixture manager: what its registry held when last looked at.
_known_by_manager: WeakKeyDictionary[Any, _Known] = WeakKeyDictionary()
# Whether a step definition's pattern matches a step's text, by definition, then by the
# step's type and text: pure, so worked out once per definition and text.
_matches: WeakKeyDictionary[Callable[..., object], dict[tuple[str, str], bool]] = (
    WeakKeyDictionary()
)


def install() -> None:
    """Use the faster lookup in pytest-bdd; nothing changes where its registry differs."""
    # The registries read below are those of pytest 9.2 and later; older ones keep the
    # original lookup.
    if PYTEST_BDD_LOOKUP is not None and pytest_version.release >= (9, 2):
        # The module, not the ``scenario`` function the package exports under its name.
        module: Any = importlib.import_module("pytest_bdd.scenario")
        module.find_fixturedefs_for_step = find_fixturedefs_for_step


def find_fixturedefs_for_step(step: Any, fixturemanager: Any, node: Any) -> Iterator[Any]:
    """The step definitions that parse ``step`` and are visible to ``node``, as pytest-bdd's."""
    try:
        names = _candidates(fixturemanager, step)
    except AttributeError:
        # A pytest whose fixture registry is laid out otherwise: pytest-bdd's own lookup.
        assert PYTEST_BDD_LOOKUP is not None  # install() set this function only if so
        yield from PYTEST_BDD_LOOKUP(step, fixturemanager, node)
        return
    for name in names:
        for fixturedef in getfixturedefs(fixturemanager, name, node) or []:
            if _matching(fixturedef, step):
                yield fixturedef


def _candidates(fixturemanager: Any, step: Any) -> list[str]:
    """The fixture names, in pytest-bdd's order, under which a definition matches ``step``.

    Kept per step text while the fixtures registered stay as many: pytest only ever adds
    fixtures (pytest-bdd's own, added for one step, are gone again before the next lookup),
    so the same count is the same registry.
    """
    registered = _registered(fixturemanager)
    known = _known_by_manager.get(fixturemanager)
    if known is None or known.registered != registered:
        known = _known_by_manager[fixturemanager] = _Known(
            registered, _step_definitions(fixturemanager), {}, {}
        )
    key = (step.type, step.name)
    names = known.by_step.get(key)
    if names is None:
        text = step.name
        names = known.by_step[key] = []
        for name, tests in known.of_type(step.type):
            for matches in tests:
                if matches(text):
                    names.append(name)
                    break
    return names


@dataclass
class _Known:
    """What one fixture registry holds: its size, its step definitions, and the answers."""

    registered: int
    # Each fixture name holding step definitions, visible or not, in pytest-bdd's order,
    # with the step type and the pattern test of each function registered under it.
    step_definitions: list[tuple[str, list[tuple[str | None, Callable[[str], bool]]]]]
    # The candidate names of each step (type, text).
    by_step: dict[tuple[str, str], list[str]]
    # The step definitions that can match a step of each type (those of no type too).
    by_type: dict[str, list[tuple[str, list[Callable[[str], bool]]]]]

    def of_type(self, step_type: str) -> list[tuple[str, list[Callable[[str], bool]]]]:
        found = self.by_type.get(step_type)
        if found is None:
            found = self.by_type[step_type] = [
                (name, tests)
                for name, funcs in self.step_definitions
                if (tests := [test for kind, test in funcs if kind in (None, step_type)])
            ]
        return found


def _step_definitions(
    fixturemanager: Any,
) -> list[tuple[str, list[tuple[str | None, Callable[[str], bool]]]]]:
    found: list[tuple[str, list[tuple[str | None, Callable[[str], bool]]]]] = []
    for name in get_fixture_names(fixturemanager=fixturemanager):
        contexts = [
            step_function_context_registry[fixturedef.func]
            for registry in (
                fixturemanager._arg2node2fixturedefs,
                fixturemanager._arg2nodeid2fixturedefs,
            )
            for fixturedefs in registry.get(name, {}).values()
            for fixturedef in fixturedefs
            if fixturedef.func in step_function_context_registry
        ]
        if contexts:
            found.append((name, [(c.type, _pattern_test(c.parser)) for c in contexts]))
    return found


def _pattern_test(parser: Any) -> Callable[[str], bool]:
    """``parser.is_matching``, with the answers of a ``parse`` pattern's regular expression
    first: a text it does not match is no match, without parse's conversion of the fields.

    Most texts are tested against every definition of their step type and match one, so
    nearly every test is a quick no.
    """
    expression = getattr(getattr(parser, "parser", None), "_match_re", None)
    if not isinstance(expression, re.Pattern):
        return cast(Callable[[str], bool], parser.is_matching)

    def matches(text: str) -> bool:
        return expression.match(text) is not None and bool(parser.is_matching(text))

    return matches


def _registered(fixturemanager: Any) -> int:
    """How many fixture definitions are registered, visible or not."""
    return sum(
        len(fixturedefs)
        for registry in (
            fixturemanager._arg2node2fixturedefs,
            fixturemanager._arg2nodeid2fixturedefs,
        )
        for by_place in registry.values()
        for fixturedefs in by_place.values()
    )


def _matching(fixturedef: Any, step: Any) -> bool:
    """pytest-bdd's test: a step definition of the step's type whose pattern parses it."""
    return _matching_func(fixturedef.func, step)


def _matching_func(func: Callable[..., object], step: Any) -> bool:
    context = step_function_context_registry.get(func)
    if context is None:
        return False
    if context.type is not None and context.type != step.type:
        return False
    known = _matches.setdefault(func, {})
    key = (step.type, step.name)
    found = known.get(key)
    if found is None:
        found = known[key] = bool(context.parser.is_matching(step.name))
    return found

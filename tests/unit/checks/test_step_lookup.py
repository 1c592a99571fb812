"""The faster step lookup finds exactly what pytest-bdd's own lookup finds, step by step."""

from __future__ import annotations

import json

import pytest

pytest_plugins = ["pytester"]

# A plugin that, before each step runs, asks both lookups and writes down what each found.
PROBE = """
import json, os
from pytest_bdd.steps import step_function_context_registry as registry
from harness.checks import step_lookup

def names(found):
    return [registry[d.func].step_func.__qualname__ for d in found]

def pytest_bdd_before_step(request, step):
    manager, node = request._fixturemanager, request.node
    ours = names(step_lookup.find_fixturedefs_for_step(step, manager, node))
    theirs = names(step_lookup.PYTEST_BDD_LOOKUP(step, manager, node))
    with open(os.environ["LOOKUP_LOG"], "a") as log:
        log.write(json.dumps([node.nodeid, step.name, ours, theirs]) + "\\n")
"""


def _lookups(
    pytester: pytest.Pytester, *args: str, passed: int | None = None
) -> list[list[object]]:
    log = pytester.path / "lookups.jsonl"
    pytester.makepyfile(lookup_probe=PROBE)
    pytester.syspathinsert()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOOKUP_LOG", str(log))
        result = pytester.runpytest_inprocess(
            "-q", "-p", "no:randomly", "-p", "lookup_probe", *args
        )
    assert result.ret in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED), result.outlines[-20:]
    if passed is not None:
        result.assert_outcomes(passed=passed)
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_every_step_of_the_built_in_checks_finds_the_same_definitions(
    pytester: pytest.Pytester,
) -> None:
    lookups = _lookups(pytester, "--wa-target", "python:harness.reference")
    assert len({nodeid for nodeid, *_ in lookups}) >= 80
    for nodeid, step, ours, theirs in lookups:
        assert theirs, f"{nodeid}: no definition of {step!r}"
        assert ours == theirs, f"{nodeid}: {step!r}"


def test_a_conftest_step_overrides_a_general_one_only_where_it_is_visible(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest(
        """
from pytest_bdd import given, parsers, then
from harness.checks import step_lookup

step_lookup.install()

@given(parsers.parse("a value of {n:d}"), target_fixture="value")
def general(n):
    return n

@then(parsers.parse("the value is {n:d}"))
def value_is(value, n):
    assert value == n
"""
    )
    feature = "Feature: f\n  Scenario: s\n    Given a value of 1\n    Then the value is {}\n"
    module = 'from pytest_bdd import scenarios\n\nscenarios("f.feature")\n'
    pytester.mkpydir("inner")
    (pytester.path / "inner" / "conftest.py").write_text(
        "from pytest_bdd import given\n\n"
        '@given("a value of 1", target_fixture="value")\n'
        "def specific():\n    return 100\n",
        encoding="utf-8",
    )
    (pytester.path / "inner" / "f.feature").write_text(feature.format(100), encoding="utf-8")
    (pytester.path / "inner" / "test_inner.py").write_text(module, encoding="utf-8")
    (pytester.path / "f.feature").write_text(feature.format(1), encoding="utf-8")
    (pytester.path / "test_outer.py").write_text(module, encoding="utf-8")
    lookups = _lookups(pytester, passed=2)
    assert len(lookups) == 4, lookups
    found = {(node.split("::")[0], step): (ours, theirs) for node, step, ours, theirs in lookups}
    # Both tests passed, each with the definition visible to it (the value they judge).
    assert found[("inner/test_inner.py", "a value of 1")] == (["general", "specific"],) * 2
    assert found[("test_outer.py", "a value of 1")] == (["general"],) * 2
    assert all(ours == theirs for ours, theirs in found.values())


def test_an_active_run_puts_the_faster_lookup_in_pytest_bdd(pytester: pytest.Pytester) -> None:
    import importlib

    from harness.checks import step_lookup

    scenario_module = importlib.import_module("pytest_bdd.scenario")
    pytester.makepyfile(test_none="")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scenario_module, "find_fixturedefs_for_step", step_lookup.PYTEST_BDD_LOOKUP)
        pytester.runpytest_inprocess("-q", "--wa-target", "python:harness.reference", "-k", "none")
        installed = scenario_module.find_fixturedefs_for_step
    # pytester's run may import the harness afresh: the same function of a new module copy.
    assert installed.__module__ == "harness.checks.step_lookup"
    assert installed.__name__ == "find_fixturedefs_for_step"

"""Every value a step's text carries (an opportunity id, an action, a count) is used."""

from __future__ import annotations

import ast
import importlib
import inspect

from harness.checks.steps import STEP_MODULES

FIXTURES = {"wa"}


def _steps() -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for name in STEP_MODULES:
        tree = ast.parse(inspect.getsource(importlib.import_module(name)))
        found += [
            (f"{name}.{node.name}", node)
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.decorator_list
        ]
    return found


def test_each_step_reads_every_argument_its_text_gives():
    steps = _steps()
    assert len(steps) >= 80  # the step modules were all read
    ignored = {
        name: unread
        for name, step in steps
        if (unread := [a.arg for a in step.args.args if a.arg not in FIXTURES | _read(step)])
    }
    assert not ignored


def _read(step: ast.FunctionDef) -> set[str]:
    return {node.id for node in ast.walk(step) if isinstance(node, ast.Name)}

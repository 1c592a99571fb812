"""The public API: one list of names, each importable, documented, and cheap to import."""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import harness
import harness.run as harness_run

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


RUN_SECTION = "## `harness.run`"


def _documented_names(*, run_tier: bool) -> list[str]:
    # The first cell of each table row, e.g. "| `FakeGraph` | ... |", in the tier's part.
    text = API_DOC.read_text(encoding="utf-8")
    before, _, after = text.partition(RUN_SECTION)
    part = after if run_tier else before
    return re.findall(r"^\| `(\w+)` \|", part, re.MULTILINE)


def test_all_is_one_sorted_list_of_names_that_resolve():
    for module in (harness, harness_run):
        assert module.__all__ == sorted(set(module.__all__))
        for name in module.__all__:
            value = getattr(module, name)
            assert inspect.getdoc(value), f"{name} has no docstring"
            assert name in dir(module)


def test_type_checking_imports_name_exactly_the_public_names():
    # mypy reads the imports, run-time lookups read the table; they must be the same names.
    tree = ast.parse(Path(harness.__file__).read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.dump(node.test)
    )
    imported = {
        alias.name: node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }
    assert imported == harness._EXPORTS
    assert sorted(harness._EXPORTS) == harness.__all__


def test_the_tiers_share_no_name():
    assert not set(harness.__all__) & set(harness_run.__all__)


def test_docs_describe_each_public_name_once():
    for module, run_tier in ((harness, False), (harness_run, True)):
        documented = _documented_names(run_tier=run_tier)
        assert sorted(documented) == module.__all__
        assert len(documented) == len(set(documented))


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        harness.no_such_name  # noqa: B018 - the lookup is the point


def test_docs_examples_run():
    text = API_DOC.read_text(encoding="utf-8")
    examples = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    assert len(examples) == 2
    for example in examples:
        exec(compile(example, str(API_DOC), "exec"), {})


def test_import_is_cheap():
    code = (
        "import sys, harness; "
        "print(sorted(m for m in ('jinja2', 'jsonschema', 'werkzeug', 'responses', 'httpx') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_package_is_marked_typed():
    assert resources.files("harness").joinpath("py.typed").is_file()

"""The public API: one list of names, each importable, documented, and cheap to import."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import harness

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def _documented_names() -> list[str]:
    # The first cell of each table row, e.g. "| `FakeGraph` | ... |".
    return re.findall(r"^\| `(\w+)` \|", API_DOC.read_text(encoding="utf-8"), re.MULTILINE)


def test_all_is_one_sorted_list_of_names_that_resolve():
    assert harness.__all__ == sorted(set(harness.__all__))
    for name in harness.__all__:
        value = getattr(harness, name)
        assert inspect.getdoc(value), f"{name} has no docstring"
        assert name in dir(harness)


def test_type_checking_imports_name_exactly_the_public_names():
    # mypy reads the imports, run-time lookups read __all__; they must be the same names.
    assert sorted(harness._homes()) == harness.__all__


def test_docs_describe_each_public_name_once():
    documented = _documented_names()
    assert sorted(documented) == harness.__all__
    assert len(documented) == len(set(documented))


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        harness.no_such_name  # noqa: B018 - the lookup is the point


def test_docs_example_runs():
    text = API_DOC.read_text(encoding="utf-8")
    example = re.search(r"```python\n(.*?)```", text, re.DOTALL)
    assert example is not None
    exec(compile(example.group(1), str(API_DOC), "exec"), {})


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

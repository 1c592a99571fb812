"""ARCHITECTURE.md, the import contracts and the package agree on what the parts are."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import harness

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(harness.__file__).parent
# Implementations under test: graded like outside ones, so outside the layers.
OUTSIDE = {"reference", "examples"}


def _parts() -> set[str]:
    modules = {path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__"}
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    return modules | packages


def _contract(kind: str, name_start: str) -> dict[str, Any]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["type"] == kind and c["name"].startswith(name_start))


def _layers() -> list[set[str]]:
    layers = _contract("layers", "Each part imports only")["layers"]
    return [{name.strip() for name in layer.split("|")} for layer in layers]


def test_every_part_is_in_a_layer_or_an_implementation_under_test():
    layered = set().union(*_layers())
    assert layered | OUTSIDE == _parts()
    assert not layered & OUTSIDE


def test_implementations_under_test_may_import_no_layered_part():
    contract = _contract("forbidden", "The reference implementation")
    assert set(contract["source_modules"]) == {f"harness.{name}" for name in OUTSIDE}
    layered = set().union(*_layers())
    assert set(contract["forbidden_modules"]) == {f"harness.{name}" for name in layered}


def test_architecture_md_states_the_layers_of_the_contract():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    chain = re.search(r"parts below it:\n(.*?)\.\n", text, re.DOTALL)
    assert chain is not None, "ARCHITECTURE.md lost the layer chain"
    steps = [set(re.findall(r"`(\w+)`", step)) for step in chain.group(1).split("→")]
    assert steps == _layers()

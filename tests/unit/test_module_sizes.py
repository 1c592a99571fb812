"""Small modules with one job each: no module of the package is longer than 400 lines."""

from __future__ import annotations

from pathlib import Path

import harness

LIMIT = 400
PACKAGE = Path(harness.__file__).parent


def test_no_module_exceeds_the_size_budget():
    sizes = {
        str(path.relative_to(PACKAGE)): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(PACKAGE.rglob("*.py"))
    }
    assert len(sizes) > 50, "the package's modules were not found"
    too_long = {name: lines for name, lines in sizes.items() if lines > LIMIT}
    assert not too_long, f"split these modules (lines > {LIMIT}): {too_long}"

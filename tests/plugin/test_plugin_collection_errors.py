"""A host project whose tests cannot be collected gets no harness verdict, only the cause."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]


def test_a_collection_error_is_not_graded_as_a_pass(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_broken="def test_broken(:\n    pass\n")
    result = pytester.runpytest_inprocess("-q", "--wa-target", "python:harness.reference")
    shown = "\n".join(result.outlines)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    assert "Not graded: 1 error(s) while collecting" in shown
    assert "Verdict" not in shown

"""A Python target is imported from the folder the harness runs in, for as long as it is open."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from harness.errors import TargetError
from harness.targets.python_module import load_python_target

MODULE = "def build_opportunity_card(opportunity):\n    return {}\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", str(tmp_path))])
    return tmp_path


def test_the_folder_is_on_the_path_while_the_target_is_open(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "wa_path_bot.py").write_text(MODULE, encoding="utf-8")
    monkeypatch.delitem(sys.modules, "wa_path_bot", raising=False)
    target = load_python_target("wa_path_bot", {})
    assert str(project) in sys.path
    assert target.has("build_opportunity_card")
    target.close()
    assert str(project) not in sys.path


def test_a_module_that_cannot_be_imported_leaves_the_path_as_it_was(project: Path) -> None:
    before = list(sys.path)
    with pytest.raises(TargetError, match="cannot import 'wa_no_such_bot'"):
        load_python_target("wa_no_such_bot", {})
    assert sys.path == before

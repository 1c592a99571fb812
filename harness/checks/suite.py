"""The pytest module that turns every feature file into tests; run through the harness plugin."""

from __future__ import annotations

from pytest_bdd import scenarios

from harness.checks.check_list import features_dir

scenarios(str(features_dir()))

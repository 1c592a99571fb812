"""Seeded-defect implementations of target interface v1, each breaking exactly one rule.

Every module reuses the bundled reference (``harness.reference``) through ``_base`` and
changes one thing, marked ``# DEFECT:``. Grade one with
``wa-harness run --target python:tests.sample_targets.<name>``, or serve it over HTTP with
``python -m tests.sample_targets.serve <name>``. ``tests/conformance/test_seeded_defects.py``
proves the harness catches each one.
"""

"""The conformance checks: Gherkin features run by pytest-bdd, and the steps they use."""

from __future__ import annotations

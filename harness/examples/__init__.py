"""Implementations with one seeded defect each, to see a failing report in one command.

    wa-harness run --target python:harness.examples.cold_outreach --html report.html

- ``cold_outreach``: approving a draft writes to a prospect who never opted in.
- ``four_buttons``: the opportunity card carries a fourth reply button.

They are the reference implementation with one rule broken (``_base`` opens its seams);
the harness's own tests hold many more.
"""

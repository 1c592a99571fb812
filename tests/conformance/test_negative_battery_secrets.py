"""The negative battery sends pieces of the verify token; no report shows any of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.checks.negative_values import TOKEN_VARIANTS
from tests.conformance.secret_runs import SECRETS, run_outputs

# A whole graded run: `make test-slow` runs it (tests/README.md).
pytestmark = pytest.mark.slow

TOKEN = SECRETS["WHATSAPP_VERIFY_TOKEN"]


def test_the_planted_token_has_every_variant() -> None:
    assert all(derive(TOKEN) not in (None, TOKEN) for derive in TOKEN_VARIANTS.values())


# A target that takes a prefix of the token fails, so its answers are in every report too.
@pytest.mark.parametrize("name", ["harness.reference", "tests.sample_targets.token_prefix_compare"])
def test_no_piece_of_the_verify_token_in_any_output(tmp_path: Path, name: str) -> None:
    target = ("--target", f"python:{name}", "--check", "NEG-001", "--check", "NEG-002")
    outputs = run_outputs(tmp_path, *target)
    assert any("NEG-001" in text for _, text in outputs)
    pieces = {v: d(TOKEN) for v, d in TOKEN_VARIANTS.items() if v != "empty"}
    for output, text in outputs:
        for variant, piece in pieces.items():
            assert piece is not None
            assert piece.strip() not in text, f"the token as {variant} leaked into {output}"

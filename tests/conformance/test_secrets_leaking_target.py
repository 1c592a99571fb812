"""A target that salts all it says with the run's secrets: no piece of one reaches an output."""

from __future__ import annotations

import html
import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conformance.secret_runs import SECRETS, run_outputs
from tests.secret_pieces import leaked_pieces

# A whole graded run: `make test-slow` runs it (tests/README.md).
pytestmark = pytest.mark.slow

# Printable text with the characters that change under JSON, URL and HTML escaping.
# "[" and "]" are left out so that a secret cannot spell the mask itself.
_SPECIAL = "-_./+=%&<>\"'\\ ~:@"
_TOKEN_CHARS = st.sampled_from(string.ascii_letters + string.digits + "-_.~+/=")
_TEXT_CHARS = st.sampled_from(string.ascii_letters + string.digits + _SPECIAL + "مرحبا")
_LEAK_LIMITS = (0, 60, 160, 300, 600, 2000, 4000)


@st.composite
def leak_plans(draw: st.DrawFn) -> tuple[dict[str, str], str]:
    """Three secrets, and a window of offsets around one of the harness's cuts."""
    secrets = {
        "WHATSAPP_APP_SECRET": draw(st.text(_TEXT_CHARS, min_size=8, max_size=40)),
        "WHATSAPP_ACCESS_TOKEN": draw(st.text(_TOKEN_CHARS, min_size=8, max_size=40)),
        "WHATSAPP_VERIFY_TOKEN": draw(st.text(_TEXT_CHARS, min_size=8, max_size=40)),
    }
    limit = draw(st.sampled_from(_LEAK_LIMITS))
    start = max(limit - draw(st.integers(0, 45)), 0)
    return secrets, ",".join(str(start + k) for k in range(48))


@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
@example(plan=(SECRETS, ""))  # the target's own offsets: a window around every cut
@given(plan=leak_plans())
def test_a_target_that_leaks_secrets_everywhere_leaves_no_piece_of_one(
    plan: tuple[dict[str, str], str],
) -> None:
    secrets, offsets = plan
    with tempfile.TemporaryDirectory() as folder:
        outputs = run_outputs(
            Path(folder),
            "--target",
            "python:tests.sample_targets.leaks_secrets",
            env={**secrets, "WA_LEAK_OFFSETS": offsets},
        )
    assert any("[redacted]" in text for _, text in outputs), "the target leaked nothing"
    for name, text in outputs:
        for shown in (text, html.unescape(text)):
            pieces = leaked_pieces(shown, secrets.values())
            assert not pieces, f"pieces of secrets in {name}: {pieces[:5]}"

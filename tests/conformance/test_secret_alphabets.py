"""The handshake and signature checks judge raw values: secrets of any alphabet pass.

Masking is for what the harness writes. A check that compared masked text would fail a
correct implementation whenever a secret happens to sit inside what it compares (a
digits-only verify token inside the numeric challenge), so the reference is graded with
verify tokens and app secrets drawn from every alphabet and length Meta allows: a verify
token is any string the developer types into the dashboard, an app secret is 32 hex
digits (cloud-api-facts.md §4.5), and the harness asks for 8 characters or more of each.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli_support import invoke_cli

# A whole graded run: `make test-slow` runs it (tests/README.md).
pytestmark = pytest.mark.slow

# What a verify token can be in practice: printable, no surrounding whitespace (the
# dashboard trims it), including the digits-only and repeated-character tokens that
# collide with challenges, ids and numbers.
TOKEN_ALPHABETS = st.sampled_from(
    [string.digits, "0", string.ascii_letters + string.digits, string.printable.strip(), "٠١٢٣abc"]
)
VERIFY_TOKENS = TOKEN_ALPHABETS.flatmap(
    lambda alphabet: st.text(alphabet=alphabet, min_size=8, max_size=64)
).filter(lambda token: token == token.strip())
APP_SECRETS = st.one_of(
    st.text(alphabet="0123456789abcdef", min_size=32, max_size=32),
    st.text(alphabet=string.digits, min_size=8, max_size=32),
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(verify_token=VERIFY_TOKENS, app_secret=APP_SECRETS)
def test_the_reference_passes_handshake_and_signature_checks(
    verify_token: str, app_secret: str
) -> None:
    code, output = invoke_cli(
        "run",
        "--check",
        "HSK-*,SIG-*",
        "--verify-token",
        verify_token,
        "--app-secret",
        app_secret,
        "-q",
    )
    assert code == 0, output
    assert "Verdict: PASS" in output


def test_a_digits_only_token_inside_the_challenge_passes_hsk_001() -> None:
    # The challenge is ten digits; eight zeros sit inside 1000000000 and its neighbours.
    code, output = invoke_cli("run", "--check", "HSK-*", "--verify-token", "00000000", "-q")
    assert code == 0, output

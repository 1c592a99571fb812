"""No planted secret reaches the terminal or a report: JSON, JUnit, HTML, cucumber, transcript."""

from __future__ import annotations

import html
import string
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.cli_support import http_target, wa_harness
from tests.secret_pieces import leaked_pieces

SECRETS = {
    "WHATSAPP_APP_SECRET": "planted-app-secret-5f1c2d",
    "WHATSAPP_ACCESS_TOKEN": "planted-access-token-9a8b7c",
    "WHATSAPP_VERIFY_TOKEN": "planted-verify-token-4e3d2c",
}


def _outputs(tmp_path: Path, *target: str, env: dict[str, str] = SECRETS) -> list[tuple[str, str]]:
    kinds = ("json", "junit", "html", "transcript", "cucumber-json")
    paths = {kind: tmp_path / f"report.{kind}" for kind in kinds}
    flags = [a for kind, path in paths.items() for a in (f"--{kind}", str(path))]
    result = wa_harness("run", *target, *flags, env=env)
    assert result.returncode in (0, 1), result.stderr
    written = [(kind, path.read_text(encoding="utf-8")) for kind, path in paths.items()]
    return [("stdout", result.stdout), ("stderr", result.stderr), *written]


@pytest.mark.parametrize("transport", ["in-process", "http"])
def test_no_secret_in_any_output(tmp_path: Path, transport: str) -> None:
    target = (
        () if transport == "in-process" else http_target(f"{sys.executable} -m harness.reference")
    )
    for name, text in _outputs(tmp_path, *target):
        for variable, secret in SECRETS.items():
            assert secret not in text, f"{variable} leaked into {name}"


def test_no_secret_in_output_of_a_failing_run(tmp_path: Path) -> None:
    # A target that echoes any verify token puts the token into an answer the report shows.
    target = ("--target", "python:tests.sample_targets.any_verify_token", "--profile", "webhook")
    outputs = _outputs(tmp_path, *target)
    assert any("HSK-002" in text for _, text in outputs)
    for name, text in outputs:
        for variable, secret in SECRETS.items():
            assert secret not in text, f"{variable} leaked into {name}"


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
        outputs = _outputs(
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

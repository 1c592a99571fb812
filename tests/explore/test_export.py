"""An exported finding is a scenario in the step vocabulary: it fails the build it came
from and passes the reference, through ``wa-harness run --features``."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.explore import report
from harness.explore.search import explore
from tests.cli_support import wa_harness
from tests.explore.conftest import settings_for


@pytest.mark.slow
@pytest.mark.parametrize(
    "defect",
    [
        "tests.sample_targets.duplicate_acted_twice",
        "harness.examples.cold_outreach",
        # Its scenario starts the implementation with WHATSAPP_ALLOW_LIVE_SEND="false".
        "tests.sample_targets.live_send_false_is_on",
        # One of each kind of action added since: deliveries at once, a reset, a handshake,
        # a forged status, a tap in another batch, an owed card, an empty body.
        "tests.sample_targets.duplicate_race",
        "tests.sample_targets.reset_keeps_live_send",
        "tests.sample_targets.token_prefix_compare",
        "tests.sample_targets.statuses_unsigned",
        "tests.sample_targets.dedupe_by_body",
        "tests.sample_targets.card_never_sent",
        "tests.sample_targets.crashes_on_empty_body",
        # Forged taps and handshakes: a changed reply id (MUST), a close sender and another
        # hub.mode (SHOULD: the run fails the scenario without failing its verdict).
        "tests.sample_targets.reply_id_by_position",
        "tests.sample_targets.sender_last_digits",
        "tests.sample_targets.ignores_hub_mode",
        # The draft card a dropped tap owed (MUST), and a tap batched beside a text in one
        # change's value (SHOULD, as RPL-012).
        "tests.sample_targets.drops_username_users",
        "tests.sample_targets.first_message_per_change",
        # Second thoughts on one card (cancel, then approve), and a storm of retries made
        # after the answer by a target without settle.
        "tests.sample_targets.cancel_ignored",
        "tests.sample_targets.late_retry_storm_unsettled",
    ],
)
def test_the_exported_scenario_fails_the_defect_and_passes_the_reference(
    defect: str, tmp_path: Path
) -> None:
    result = explore(settings_for(defect), budget_s=45.0, seed=0, stop_after=1)
    assert result.findings
    folder = report.export(result, str(tmp_path / "explored"))
    text = (folder / report.FEATURE_FILE).read_text(encoding="utf-8")
    assert f'Then the explored conversation kept rule "{result.findings[0].rule_id}"' in text

    broken = wa_harness(
        "run", "--target", f"python:{defect}", "--features", str(folder), "--check", "XPL-001"
    )
    fixed = wa_harness(
        "run",
        "--target",
        "python:harness.reference",
        "--features",
        str(folder),
        "--check",
        "XPL-001",
    )

    assert broken.returncode == (1 if result.findings[0].level == "MUST" else 0), (
        broken.stdout + broken.stderr
    )
    assert "FAIL   XPL-001" in broken.stdout
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "PASS   XPL-001" in fixed.stdout


def test_a_finding_reads_as_numbered_steps_with_its_reproducer(tmp_path: Path) -> None:
    target = settings_for("harness.examples.four_buttons")
    result = explore(target, budget_s=5.0, seed=0, stop_after=1)

    shown = report.lines(target, result, exported=tmp_path)

    assert shown[0].startswith(f"{result.findings[0].rule_id} MUST: ")
    assert shown[2] == "  1. the explorer opts in operator A"
    assert "wa-harness run --target python:harness.examples.four_buttons --features" in "\n".join(
        shown
    )
    assert shown[-1].startswith("1 finding(s), 0 dropped as not reproducible;")

"""End to end: a session recorded through the tap replays green on the reference and red,
with a readable diff of sends, on the seeded defects."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harness.examples import cold_outreach, four_buttons
from harness.recording import commands
from harness.recording.conversation import load_conversation
from harness.reference import create_app
from tests.loopback import serving
from tests.recording.sessions import APP_SECRET, free_port, record_full_flow, reference_config
from tests.sample_targets import async_reference


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("rec") / "session.json"
    raw = record_full_flow(create_app, out)
    return out, raw


def _replay(
    path: Path, factory: Callable[[dict[str, Any]], Any], tmp_path: Path
) -> tuple[int, str, dict[str, Any]]:
    port = free_port()
    app = factory(reference_config(f"http://127.0.0.1:{port}", "106540352242922"))
    lines: list[str] = []
    report = tmp_path / "replay.json"
    with serving(app) as url:
        code = commands.replay(
            path,
            target=url,
            app_secret=APP_SECRET,
            webhook_path="/webhook",
            control_path="/_harness/control",
            graph_port=port,
            expect=True,
            json_path=report,
            timeout_s=5,
            echo=lines.append,
        )
    return code, "\n".join(lines), json.loads(report.read_text(encoding="utf-8"))


def test_the_recording_holds_the_full_flow(recorded: tuple[Path, dict[str, Any]]) -> None:
    conversation = load_conversation(recorded[0])
    sends = conversation.of_kind("send")
    kinds = [s["request"].get("type") for s in sends]
    # Two cards and a draft card per opportunity, one text to the opted-in prospect.
    assert kinds == ["interactive", "interactive", "text", "interactive", "interactive"]
    statuses = [
        item
        for event in conversation.of_kind("inbound")
        for change in event["notification"]["entry"][0]["changes"]
        for item in change["value"].get("statuses", [])
    ]
    assert {"sent", "delivered", "failed"} <= {s["status"] for s in statuses}
    assert any(e["code"] == 131047 for s in statuses for e in s.get("errors", []))
    assert [c["command"]["command"] for c in conversation.of_kind("control")][:2] == [
        "reset",
        "opt_in",
    ]


def test_the_reference_replays_green(recorded: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    code, text, report = _replay(recorded[0], create_app, tmp_path)
    assert code == 0, text
    assert "MATCH" in text
    assert report["verdict"] == "match"
    assert report["sends"] == {"recorded": 5, "replayed": 5}
    assert report["notes"] == []


def test_cold_outreach_shows_the_send_to_a_prospect_who_never_opted_in(
    recorded: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    code, text, report = _replay(recorded[0], cold_outreach.create_app, tmp_path)
    assert code == 1, text
    assert report["verdict"] == "regression"
    [difference] = report["differences"]
    assert difference["kind"] == "extra"
    assert difference["replayed_send"] == 6
    assert "REGRESSION" in text
    assert "new send 6, not in the recording: text to 966" in text
    # The new send is shown whole: to whom, and what it says.
    assert '+  "type": "text"' in text


def test_four_buttons_shows_the_fourth_button_as_a_diff(
    recorded: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    code, text, report = _replay(recorded[0], four_buttons.create_app, tmp_path)
    assert code == 1, text
    changed = [d for d in report["differences"] if d["kind"] == "changed"]
    # Both opportunity cards differ, and only by the extra button.
    assert [d["recorded_send"] for d in changed] == [1, 4]
    added = [line for line in changed[0]["diff"] if line.startswith("+") and "+++" not in line]
    assert any(":schedule" in line for line in added), changed[0]["diff"]
    assert '+            "id": "opp:opp-7001:schedule",' in text


def test_an_implementation_that_acts_after_answering_replays_green(
    recorded: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    # It sends 100-300 ms after answering each webhook: the replay waits for the sends the
    # recording shows before delivering the next notification.
    code, text, report = _replay(recorded[0], async_reference.create_app, tmp_path)
    assert code == 0, text
    assert report["sends"] == {"recorded": 5, "replayed": 5}

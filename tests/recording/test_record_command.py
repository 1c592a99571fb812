"""``wa-harness record`` as a process: it records until SIGTERM, then writes the file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from harness.recording.conversation import load_conversation
from harness.targets.transport import UrlTransport
from harness.webhooks.corpus import load_corpus
from harness.webhooks.delivery import WebhookClient
from tests.loopback import serving
from tests.unit.recording.test_tap import Sink

SECRET = "5c1e0b9a7d3f2e4c6a8b0d1f3e5c7a9b"
WA_HARNESS = str(Path(sys.executable).parent / "wa-harness")


def test_record_writes_the_scrubbed_conversation_on_sigterm(tmp_path: Path) -> None:
    out = tmp_path / "session.json"
    payload = next(p for p in load_corpus() if p.name == "text_arabic.json")
    original = json.loads(payload.body)["entry"][0]["changes"][0]["value"]["contacts"][0]
    with serving(Sink()) as url:
        process = subprocess.Popen(
            [WA_HARNESS, "record", "--forward", url, "--listen", "0", "--out", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "WHATSAPP_APP_SECRET": SECRET},
        )
        try:
            assert process.stdout is not None
            first = process.stdout.readline()
            tap = first.split()[2].removesuffix("/webhook")
            with closing(UrlTransport(tap)) as transport:
                assert WebhookClient(transport, app_secret=SECRET).post(payload.body).accepted
            assert not out.exists()  # nothing touches disk before the tap stops
            process.send_signal(signal.SIGTERM)
            rest, errors = process.communicate(timeout=30)
        finally:
            process.kill()
    assert process.returncode == 0, errors
    assert "leak check passed" in rest
    assert "1 verified" in rest
    [event] = load_conversation(out).events
    text = out.read_text(encoding="utf-8")
    assert original["wa_id"] not in text
    assert original["user_id"] not in text
    assert SECRET not in text
    assert (
        event["notification"]["entry"][0]["changes"][0]["value"]["contacts"][0]["wa_id"]
        != (original["wa_id"])
    )

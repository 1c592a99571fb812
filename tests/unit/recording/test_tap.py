"""The tap passes the exact bytes on, records only verified deliveries, and promotes shapes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from harness import cli
from harness.recording.conversation import Conversation, encode, load_conversation
from harness.recording.leak_check import LeakFound, check_written
from harness.recording.promotion import promote
from harness.recording.scrubbing import Original
from harness.recording.serving import Recorder, TapOptions
from harness.targets.transport import UrlTransport
from harness.webhooks.corpus import load_corpus
from harness.webhooks.delivery import SignatureMode, WebhookClient
from tests.loopback import serving

SECRET = "0f3c9a7e5b1d4c2a8e6f0b9d7c5a3e1f"
NOTIFICATION = next(p for p in load_corpus() if p.name == "text_arabic.json")


class Sink:
    """Answers 200 and keeps the exact bytes and headers it received."""

    def __init__(self) -> None:
        self.received: list[tuple[bytes, dict[str, str]]] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        headers = {
            k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")
        }
        self.received.append((body, headers))
        start_response("200 OK", [("Content-Type", "text/plain"), ("X-Sink", "yes")])
        return iter([b"sink says ok"])


@pytest.fixture
def sink() -> Iterator[tuple[str, Sink]]:
    app = Sink()
    with serving(app) as url:
        yield url, app


def _post(recorder: Recorder, mode: SignatureMode) -> Any:
    with closing(UrlTransport(recorder.url)) as transport:
        return WebhookClient(transport, app_secret=SECRET).post(NOTIFICATION.body, signature=mode)


@pytest.mark.parametrize("mode", [SignatureMode.WRONG_SECRET, SignatureMode.MISSING])
def test_a_mis_signed_delivery_is_forwarded_untouched_and_never_recorded(
    sink: tuple[str, Sink], mode: SignatureMode, tmp_path: Path
) -> None:
    url, app = sink
    with Recorder(TapOptions(forward=url), app_secret=SECRET) as recorder:
        answer = _post(recorder, mode).answer
        signed = _post(recorder, SignatureMode.VALID).answer
    assert (answer.status, answer.body, answer.headers.get("X-Sink")) == (
        200,
        b"sink says ok",
        "yes",
    )
    assert signed.status == 200
    # The implementation saw exactly the bytes Meta sent, each time.
    assert [body for body, _ in app.received] == [NOTIFICATION.body, NOTIFICATION.body]
    assert ("x-hub-signature-256" in app.received[0][1]) is (mode is not SignatureMode.MISSING)
    kind = "unsigned" if mode is SignatureMode.MISSING else "missigned"
    assert recorder.session.counts == {kind: 1, "verified": 1}
    conversation = recorder.session.write(tmp_path / "c.json")
    assert [event["kind"] for event in conversation.events] == ["inbound"]


def test_refuse_unsigned_answers_403_and_passes_nothing_on(sink: tuple[str, Sink]) -> None:
    url, app = sink
    options = TapOptions(forward=url, refuse_unsigned=True)
    with Recorder(options, app_secret=SECRET) as recorder:
        answer = _post(recorder, SignatureMode.WRONG_SECRET).answer
    assert answer.status == 403
    assert app.received == []
    assert recorder.session.events == []


def test_the_written_file_validates_and_keeps_meta_encoding(
    sink: tuple[str, Sink], tmp_path: Path
) -> None:
    url, _ = sink
    with Recorder(TapOptions(forward=url), app_secret=SECRET) as recorder:
        _post(recorder, SignatureMode.VALID)
    out = tmp_path / "c.json"
    recorder.session.write(out)
    text = out.read_text(encoding="utf-8")
    assert text.isascii()
    assert "\\u" in text
    original = json.loads(NOTIFICATION.body)["entry"][0]["changes"][0]["value"]
    recorded = load_conversation(out).events[0]["notification"]["entry"][0]["changes"][0]["value"]
    assert recorded["contacts"][0]["wa_id"].startswith("9665")
    assert recorded["contacts"][0]["wa_id"] != original["contacts"][0]["wa_id"]
    assert recorded["messages"][0]["from"] == recorded["contacts"][0]["wa_id"]
    assert recorded["contacts"][0]["user_id"].startswith("SA.")
    assert recorded["messages"][0]["id"].startswith("wamid.HBg")
    # The Arabic name became another Arabic name.
    name = recorded["contacts"][0]["profile"]["name"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in name)
    assert name != original["contacts"][0]["profile"]["name"]


def test_the_leak_check_deletes_a_file_that_holds_a_piece_of_a_secret(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(encode({"note": "token starts EAAGb4x9Q"}), encoding="utf-8")
    with pytest.raises(LeakFound, match="kinds: secret"):
        check_written(path, [Original("EAAGb4x9Qz81kLmN")])
    assert not path.exists()


def test_promote_adds_one_file_per_new_shape_with_a_provenance_row(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "text_arabic.json").write_bytes(NOTIFICATION.body)
    status = next(p for p in load_corpus() if p.name == "status_read.json")
    events = [
        {"kind": "inbound", "at_ms": 0, "notification": json.loads(NOTIFICATION.body)},
        {"kind": "inbound", "at_ms": 5, "notification": json.loads(status.body)},
        {"kind": "inbound", "at_ms": 9, "notification": json.loads(status.body)},
    ]
    conversation = Conversation({"recorded_on": "2026-12-05"}, events)
    written = promote(conversation, corpus, source="wa-harness record")
    assert [p.name for p in written] == [
        f"recorded_statuses_read_{written[0].stem.rsplit('_', 1)[1]}.json"
    ]
    assert written[0].read_bytes() == status.body
    readme = (corpus / "README.md").read_text(encoding="utf-8")
    assert (
        f"| `{written[0].name}` | recorded statuses read | wa-harness record, recorded 2026-12-05"
        in readme
    )
    assert promote(conversation, corpus, source="again") == []


def test_replay_of_a_conversation_to_a_closed_port_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    event = {"kind": "inbound", "at_ms": 0, "notification": json.loads(NOTIFICATION.body)}
    path.write_text(
        encode(
            Conversation(
                {
                    "recorded_with": "x",
                    "recorded_on": "2026-12-05",
                    "source": "test",
                    "webhook_path": "/webhook",
                    "text_scrubbed": False,
                },
                [event],
            ).document()
        )
    )
    result = CliRunner().invoke(
        cli.cli,
        [
            "replay",
            str(path),
            "--target",
            "http://127.0.0.1:1",
            "--app-secret",
            SECRET,
            "--graph-port",
            "0",
            "--expect",
        ],
    )
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1
    assert "connection refused" in result.output


def test_replay_of_the_corpus_to_a_closed_port_is_one_line_and_exit_2() -> None:
    result = CliRunner().invoke(
        cli.cli, ["replay", "--target", "http://127.0.0.1:1", "--app-secret", SECRET]
    )
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1
    assert "connection refused" in result.output


def test_a_file_that_is_not_a_conversation_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text('{"format": "something else"}')
    result = CliRunner().invoke(
        cli.cli, ["replay", str(path), "--target", "http://127.0.0.1:1", "--app-secret", SECRET]
    )
    assert result.exit_code == 2
    assert "not a conversation file" in result.output
    assert result.output.count("\n") == 1


def _no_control(environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
    """A bot without the control endpoint: 404 there, 200 on its webhook."""
    environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    found = environ["PATH_INFO"] == "/webhook"
    start_response("200 OK" if found else "404 Not Found", [("Content-Type", "text/plain")])
    return iter([b"ok" if found else b"not found"])


def test_replay_says_which_opt_ins_it_could_not_set(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    events = [
        {"kind": "control", "at_ms": 0, "command": {"command": "opt_in", "wa_id": "966512345678"}},
        {"kind": "inbound", "at_ms": 3, "notification": json.loads(NOTIFICATION.body)},
    ]
    provenance = {
        "recorded_with": "x",
        "recorded_on": "2026-12-05",
        "source": "test",
        "webhook_path": "/webhook",
        "text_scrubbed": False,
    }
    path.write_text(encode(Conversation(provenance, events).document()))
    report = tmp_path / "r.json"
    with serving(_no_control) as url:
        result = CliRunner().invoke(
            cli.cli,
            [
                "replay",
                str(path),
                "--target",
                url,
                "--app-secret",
                SECRET,
                "--graph-port",
                "0",
                "--expect",
                "--json",
                str(report),
            ],
        )
    assert result.exit_code == 0, result.output
    [note] = json.loads(report.read_text())["notes"]
    assert "could not run control command 'opt_in' for 966512345678" in note
    assert "answered 404" in note
    assert note in result.output

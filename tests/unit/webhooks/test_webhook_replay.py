"""Replaying a payload directory to a real loopback server, and to a closed port."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from harness.errors import TargetUnreachable
from harness.targets.transport import HttpAnswer, UrlTransport, WsgiTransport
from harness.webhooks import replay as replay_module
from harness.webhooks.corpus import default_corpus_dir, load_corpus
from harness.webhooks.delivery import WebhookClient
from harness.webhooks.replay import (
    STOPPED_ANSWERING,
    ReplayLine,
    format_replay,
    replay_corpus,
    replay_directory,
)

from .conftest import APP_SECRET, VerifyingApp

TOTAL = re.compile(
    r"(\d+) payloads?: (\d+) answered 2xx, (\d+) other, (\d+) unreachable"
    r"(, \d+ not sent \(invalid\))? in \d+\.\d\d s"
)


def test_whole_corpus_replays_to_a_live_server(
    live_server: str, verifying_app: VerifyingApp
) -> None:
    files = [p.name for p in load_corpus()]
    transport = UrlTransport(live_server, timeout_s=5)
    try:
        lines = replay_directory(
            default_corpus_dir(), client=WebhookClient(transport, app_secret=APP_SECRET)
        )
    finally:
        transport.close()
    assert [line.file for line in lines] == files
    assert all(line.status == 200 for line in lines), format_replay(lines)
    assert len(verifying_app.accepted) == len(files)
    report = format_replay(lines).splitlines()
    assert len(report) == len(files) + 1
    for name, row in zip(files, report, strict=False):
        assert row.startswith(name)
        assert re.search(r"200\s+\d+\.\d ms$", row)
    n = len(files)
    assert TOTAL.fullmatch(report[-1])
    assert report[-1].startswith(f"{n} payloads: {n} answered 2xx, 0 other, 0 unreachable in ")


def test_closed_port_gives_unreachable_lines_not_an_exception() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # The socket is closed now: nothing listens, so every POST is refused.
    transport = UrlTransport(f"http://127.0.0.1:{port}", timeout_s=2)
    try:
        lines = replay_directory(
            default_corpus_dir(), client=WebhookClient(transport, app_secret=APP_SECRET)
        )
    finally:
        transport.close()
    assert lines
    assert all(line.status is None and line.outcome == "unreachable" for line in lines)
    assert all("127.0.0.1" in (line.error or "") for line in lines)
    total = format_replay(lines).splitlines()[-1]
    assert total.startswith(
        f"{len(lines)} payloads: 0 answered 2xx, 0 other, {len(lines)} unreachable"
    )


def test_invalid_files_become_lines_and_the_rest_is_sent(tmp_path: Path) -> None:
    good = load_corpus()[0]
    (tmp_path / good.name).write_bytes(good.body)
    (tmp_path / "zz_broken.json").write_text("{", encoding="utf-8")
    app = VerifyingApp(status_for_valid=202)
    lines = replay_directory(
        tmp_path, client=WebhookClient(WsgiTransport(app), app_secret=APP_SECRET)
    )
    assert [(line.file, line.outcome) for line in lines] == [
        (good.name, "2xx"),
        ("zz_broken.json", "invalid"),
    ]
    assert "zz_broken.json" in (lines[1].error or "")
    total = format_replay(lines).splitlines()[-1]
    assert TOTAL.fullmatch(total)
    assert "2 payloads: 1 answered 2xx, 0 other, 0 unreachable, 1 not sent (invalid)" in total


def test_format_counts_other_statuses() -> None:
    lines = [
        ReplayLine("a.json", status=200, elapsed_s=0.25),
        ReplayLine("b.json", status=500, elapsed_s=0.125),
        ReplayLine("c.json", status=None, elapsed_s=0.0, error="refused"),
    ]
    assert [line.ok for line in lines] == [True, False, False]
    report = format_replay(lines).splitlines()
    assert report[1].split()[:2] == ["b.json", "500"]
    assert report[2].endswith("refused")
    assert report[-1] == "3 payloads: 1 answered 2xx, 1 other, 1 unreachable in 0.38 s"


def test_format_of_nothing() -> None:
    assert format_replay([]) == "0 payloads: 0 answered 2xx, 0 other, 0 unreachable in 0.00 s"


class _DiesAfterOne:
    """Answers the first POST, then stops answering: a target that died part-way."""

    def __init__(self, live: UrlTransport) -> None:
        self.live = live
        self.calls = 0

    def request(self, method: str, path: str, **given: object) -> HttpAnswer:
        self.calls += 1
        if self.calls == 1:
            return self.live.request(method, path, **given)  # type: ignore[arg-type]
        raise TargetUnreachable(f"{method} {path} failed: connection refused")

    def close(self) -> None:
        self.live.close()


def test_first_must_answer_raises_one_error_for_a_target_that_is_not_there() -> None:
    transport = UrlTransport("http://127.0.0.1:1", timeout_s=2)
    try:
        client = WebhookClient(transport, app_secret=APP_SECRET)
        with pytest.raises(TargetUnreachable, match="nothing was replayed"):
            replay_directory(default_corpus_dir(), client=client, first_must_answer=True)
    finally:
        transport.close()


def test_a_target_that_stops_answering_part_way_is_exit_3(
    live_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for payload in load_corpus()[:3]:
        (tmp_path / Path(payload.name).name).write_bytes(payload.body)
    live = UrlTransport(live_server, timeout_s=5)
    dying = _DiesAfterOne(live)
    monkeypatch.setattr(replay_module.transports, "UrlTransport", lambda *a, **k: dying)
    shown: list[str] = []
    code = replay_corpus(str(tmp_path), live_server, APP_SECRET, "/webhook", 5, echo=shown.append)
    assert code == STOPPED_ANSWERING == 3
    rows = shown[0].splitlines()
    assert [row.split()[1] for row in rows[:3]] == ["200", "unreachable", "unreachable"]
    assert rows[-1].startswith("3 payloads: 1 answered 2xx, 0 other, 2 unreachable")

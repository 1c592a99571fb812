"""A target that never opens, and the replay command, leave nothing open behind them."""

from __future__ import annotations

import gc
import json
import socket
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness import cli
from harness.errors import TargetError, TargetUnreachable, UsageError
from harness.settings import build_settings
from harness.targets import loading
from harness.targets import transport as transport_module
from harness.targets.loading import open_target
from harness.targets.transport import UrlTransport
from harness.webhooks.signing import SIGNATURE_HEADER, verify
from tests.loopback import serving

APP_SECRET = "leak-test-app-secret"
CORPUS = Path(__file__).resolve().parents[3] / "recorded_payloads"


def _record_closes(monkeypatch: pytest.MonkeyPatch, module: object) -> list[UrlTransport]:
    """Every UrlTransport that code reaching ``module.UrlTransport`` closes, in order."""
    closed: list[UrlTransport] = []

    class Recording(UrlTransport):
        def close(self) -> None:
            closed.append(self)
            super().close()

    monkeypatch.setattr(module, "UrlTransport", Recording)
    return closed


@pytest.fixture
def closed_transports(monkeypatch: pytest.MonkeyPatch) -> list[UrlTransport]:
    return _record_closes(monkeypatch, loading)


@pytest.fixture
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def held_port() -> Iterator[int]:
    """A port something already listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield int(sock.getsockname()[1])


def _resource_warnings(action: Callable[[], None]) -> list[str]:
    """Run ``action`` and collect the ResourceWarnings of whatever it left unclosed."""
    # What earlier tests of this worker left unclosed is collected first: its warnings
    # are theirs, not this action's.
    gc.collect()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        action()
        gc.collect()
    return [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]


@pytest.mark.parametrize(
    ("command", "error", "says"),
    [
        (f"{sys.executable} -c 'raise SystemExit(3)'", TargetError, "exited with code 3"),
        ("/nonexistent/server --port 1", TargetError, "could not start"),
    ],
    ids=["exits-at-once", "cannot-start"],
)
def test_spawned_server_that_fails_to_start_closes_transport_and_log(
    closed_transports: list[UrlTransport],
    free_port: int,
    command: str,
    error: type[Exception],
    says: str,
) -> None:
    settings = build_settings(
        target=f"http://127.0.0.1:{free_port}", target_cmd=command, startup_timeout_s=10.0
    )

    def attempt() -> None:
        with pytest.raises(error, match=says):
            open_target(settings, "http://127.0.0.1:9/graph")

    assert _resource_warnings(attempt) == []
    assert len(closed_transports) == 1


def test_port_already_taken_closes_transport_and_log(
    closed_transports: list[UrlTransport], held_port: int
) -> None:
    settings = build_settings(target=f"http://127.0.0.1:{held_port}", target_cmd="true")

    def attempt() -> None:
        with pytest.raises(UsageError, match="already in use"):
            open_target(settings, "http://127.0.0.1:9/graph")

    assert _resource_warnings(attempt) == []
    assert len(closed_transports) == 1


def test_nothing_answering_closes_transport(
    closed_transports: list[UrlTransport], free_port: int
) -> None:
    settings = build_settings(target=f"http://127.0.0.1:{free_port}")
    with pytest.raises(TargetUnreachable, match="nothing answers"):
        open_target(settings, "http://127.0.0.1:9/graph")
    assert len(closed_transports) == 1


@pytest.fixture
def verifying_server() -> Iterator[str]:
    """A webhook on 127.0.0.1 that answers 200 to a correctly signed POST, else 403."""

    def app(environ: dict[str, object], start_response: object) -> list[bytes]:
        length = int(str(environ.get("CONTENT_LENGTH") or 0))
        body = environ["wsgi.input"].read(length)
        header = environ.get("HTTP_" + SIGNATURE_HEADER.upper().replace("-", "_"))
        ok = isinstance(header, str) and verify(body, header, APP_SECRET)
        start_response("200 OK" if ok else "403 Forbidden", [("Content-Length", "2")])
        return [b"ok"]

    with serving(app) as url:
        yield url


def test_replay_command_closes_its_transport(
    verifying_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The command imports UrlTransport when it runs, from its home module.
    closed = _record_closes(monkeypatch, transport_module)
    payload = next(path for path in sorted(CORPUS.rglob("*.json")) if _is_notification(path))
    (tmp_path / payload.name).write_bytes(payload.read_bytes())
    outcome: list[object] = []

    def replay() -> None:
        result = CliRunner().invoke(
            cli.cli,
            ["replay", str(tmp_path), "--target", verifying_server, "--app-secret", APP_SECRET],
        )
        outcome.append(result)

    assert _resource_warnings(replay) == []
    result = outcome[0]
    assert result.exit_code == 0, result.output
    assert "1 answered 2xx" in result.output
    assert len(closed) == 1


def _is_notification(path: Path) -> bool:
    try:
        return json.loads(path.read_bytes()).get("object") == "whatsapp_business_account"
    except (ValueError, AttributeError):
        return False

"""The curl examples of docs/fake-graph.md, run against a real fake-graph as documented."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "fake-graph.md"
TOKEN = "tok-docs-12345678"
EXAMPLE = re.compile(r"^(curl .*?)\s+# (\d{3})$")
DOCUMENTED_PORT = "8931"


def _examples() -> list[tuple[str, int]]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- examples: fake-graph -->", 1)[1].split("```sh", 1)[1]
    lines = block.split("```", 1)[0].strip().splitlines()
    found = [EXAMPLE.match(line) for line in lines]
    assert all(found), [line for line, m in zip(lines, found, strict=True) if not m]
    return [(m.group(1), int(m.group(2))) for m in found if m]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def fake_graph() -> Iterator[tuple[int, str]]:
    port = _free_port()
    env = {**os.environ, "WHATSAPP_ACCESS_TOKEN": TOKEN}
    command = [str(Path(sys.executable).parent / "wa-harness"), "fake-graph", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        banner = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            banner.append(line)
            if line.startswith("Ctrl-C") or not line:
                break
        yield port, "".join(banner)
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def test_the_banner_lists_the_control_routes(fake_graph: tuple[int, str]) -> None:
    _, banner = fake_graph
    assert "fake Graph API listening on http://127.0.0.1:" in banner
    for route in ("GET /_harness/sent", "POST /_harness/clock", "DELETE /_harness/faults"):
        assert route in banner
    assert "status webhooks are not delivered" in banner


@pytest.mark.parametrize(("command", "status"), _examples())
def test_each_documented_example_answers_as_documented(
    fake_graph: tuple[int, str], command: str, status: int
) -> None:
    assert shutil.which("curl"), "the examples use curl"
    port, _ = fake_graph
    line = command.replace(DOCUMENTED_PORT, str(port), 1)
    result = subprocess.run(
        ["bash", "-c", f"{line} -o /dev/null -w '%{{http_code}}'"],
        env={**os.environ, "WHATSAPP_ACCESS_TOKEN": TOKEN},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.stdout == str(status), (line, result.stdout, result.stderr)


def test_every_control_route_is_documented() -> None:
    from harness.fake_graph.control import route_list

    text = DOC.read_text(encoding="utf-8")
    for route in route_list(inbound=True):
        assert f"`{route}`" in text, route

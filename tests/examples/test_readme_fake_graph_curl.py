"""The README's curl examples for a standalone fake-graph run as written."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_support import ROOT, WA_HARNESS, free_port

README_PORT = "8931"


def _example() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(export WHATSAPP_ACCESS_TOKEN=.*?)```", readme, re.S)
    assert block, "README.md lost its fake-graph curl example"
    # Join continued lines so each command is one entry.
    return block.group(1).replace("\\\n", " ").splitlines()


@pytest.fixture
def fake_graph() -> Iterator[tuple[str, dict[str, str]]]:
    lines = _example()
    token = lines[0].removeprefix("export WHATSAPP_ACCESS_TOKEN=")
    port = str(free_port())
    env = {**os.environ, "WHATSAPP_ACCESS_TOKEN": token}
    server = subprocess.Popen(
        [WA_HARNESS, "fake-graph", "--port", port],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(int(port), server)
        yield port, env
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for_port(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, "fake-graph exited before listening"
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"fake-graph did not listen on {port} within 30 s")


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_readme_curl_examples_work(fake_graph: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    port, env = fake_graph
    commands = [line for line in _example() if line.startswith("curl ")]
    outputs = []
    for command in commands:
        done = subprocess.run(
            ["bash", "-c", command.replace(README_PORT, port)],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        outputs.append(done.stdout)
    sent_reply, listed, reset, unauthorised = outputs
    assert json.loads(sent_reply)["messages"][0]["id"].startswith("wamid.")
    (attempt,) = json.loads(listed)["attempts"]
    assert (attempt["status"], attempt["recipient"]) == (200, "15551234567")
    assert json.loads(reset) == {"ok": True}
    assert unauthorised.strip() == "401"
    assert env["WHATSAPP_ACCESS_TOKEN"] not in listed

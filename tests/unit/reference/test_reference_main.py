"""``python -m harness.reference`` as a real HTTP server in a subprocess."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest
import requests

from .support import CONFIG, VERIFY_TOKEN


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited early: {process.stderr.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    pytest.fail("server did not start listening")


def test_serves_the_handshake_over_real_http():
    port = free_port()
    env = {**os.environ, **CONFIG, "PORT": str(port)}
    process = subprocess.Popen(
        [sys.executable, "-m", "harness.reference"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(port, process)
        query = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "c-42"}

        ok = requests.get(f"http://127.0.0.1:{port}/webhook", params=query, timeout=5)
        refused = requests.get(
            f"http://127.0.0.1:{port}/webhook",
            params={**query, "hub.verify_token": "no"},
            timeout=5,
        )

        assert (ok.status_code, ok.text) == (200, "c-42")
        assert refused.status_code == 403
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert VERIFY_TOKEN not in stderr


def test_exits_with_one_line_when_configuration_is_missing():
    env = {key: value for key, value in os.environ.items() if not key.startswith("WHATSAPP_")}
    env["WHATSAPP_GRAPH_API_BASE"] = "http://127.0.0.1:1"

    result = subprocess.run(
        [sys.executable, "-m", "harness.reference"],
        env=env,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )

    assert result.returncode != 0
    [line] = result.stderr.strip().splitlines()
    assert "WHATSAPP_APP_SECRET" in line

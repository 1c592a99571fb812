"""--target-cmd: start the implementation's server, wait for its port, always stop it."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Mapping
from urllib.parse import urlsplit

from harness.errors import TargetError, UsageError


def port_of(url: str) -> tuple[str, int]:
    """Host and port of an http(s) ``--target`` URL; anything else is a usage error."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--target {url!r} is not an http(s) URL like http://127.0.0.1:8000")
    try:
        port = parts.port
    except ValueError:
        # urlsplit only checks the port when asked, and raises for "abc" or 99999.
        raise UsageError(
            f"--target {url!r} has no valid port; use a number from 1 to 65535, "
            "like http://127.0.0.1:8000"
        ) from None
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


def answers(host: str, port: int, timeout_s: float = 0.2) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            return True
    except OSError:
        return False


# How often a starting (or stopping) server's port is tried: each start of the target
# (the first, and both of a reconfiguring check's restarts) waits at most this long extra.
PORT_POLL_S = 0.01
# How long a stopped server (then what it started) may take to exit before SIGKILL.
STOP_GRACE_S = 5.0
GROUP_GRACE_S = 1.0
# A failed start shows this many of the command's last lines (a traceback's cause is at the end).
OUTPUT_LINES = 20


class SpawnedServer:
    """A server process started from a shell command, with its output kept for errors."""

    def __init__(self, command: str, *, url: str, env: Mapping[str, str], startup_s: float) -> None:
        self.command = command
        self.host, self.port = port_of(url)
        # The caller's own WHATSAPP_* settings must not reach the target: the harness decides
        # them (an exported WHATSAPP_ALLOW_LIVE_SEND would change the verdict).
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("WHATSAPP_")}
        self._base_env = {**inherited, **env, "PORT": str(self.port)}
        self._env = self._base_env
        self._startup_s = startup_s
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - kept open for the process's life
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        if answers(self.host, self.port):
            raise UsageError(
                f"port {self.port} is already in use, so --target-cmd cannot listen there; "
                "stop what holds it or choose another port in --target"
            )
        try:
            self._process = subprocess.Popen(
                shlex.split(self.command),
                env=self._env,
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except (OSError, ValueError) as exc:
            raise TargetError(f"--target-cmd {self.command!r} could not start: {exc}") from None
        deadline = time.monotonic() + self._startup_s
        while time.monotonic() < deadline:
            code = self._process.poll()
            if code is not None:
                raise TargetError(
                    f"--target-cmd exited with code {code} before port {self.port} answered"
                    f"{self._output_block()}"
                )
            if answers(self.host, self.port):
                return
            time.sleep(PORT_POLL_S)
        self.stop()
        raise TargetError(
            f"--target-cmd did not open port {self.port} within {self._startup_s:g} s "
            f"(it gets PORT={self.port} and must listen on $PORT){self._output_block()}"
        )

    def exit_note(self) -> str:
        """Why requests may be failing: the process ended (with its last output), or nothing."""
        if self._process is None or self._process.poll() is None:
            return ""
        return f"the target process exited with code {self._process.returncode}{self._tail()}"

    def restart(self, extra_env: Mapping[str, str]) -> None:
        """Start the server again with ``extra_env`` on top of its configuration."""
        self._terminate()
        deadline = time.monotonic() + 5
        while answers(self.host, self.port) and time.monotonic() < deadline:
            time.sleep(PORT_POLL_S)
        self._env = {**self._base_env, **extra_env}
        self.start()

    def stop(self) -> None:
        self._terminate()
        self._log.close()

    def _terminate(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            stop_group(process)

    def _lines(self) -> list[str]:
        if self._log.closed:
            return []
        self._log.seek(0)
        return self._log.read().decode("utf-8", errors="replace").strip().splitlines()

    def _tail(self) -> str:
        """The last few lines on one line, for a check's message."""
        lines = self._lines()
        return ("; its last output: " + " | ".join(lines[-3:])) if lines else ""

    def _output_block(self) -> str:
        """The last lines of output under the error, where the real cause usually is."""
        lines = self._lines()[-OUTPUT_LINES:]
        if not lines:
            return "; it printed nothing"
        shown = "\n".join(f"  | {line}" for line in lines)
        return f"; its last {len(lines)} line(s) of output:\n{shown}"


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """Stop the process and everything it started (its own process group), SIGTERM first."""
    # The command runs in a session of its own, so its group id is its pid; a shell, a
    # reloader or a worker pool it started is in that group too, and must not outlive it.
    group = process.pid
    _signal_group(group, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        _signal_group(group, signal.SIGKILL)
        process.kill()
        process.wait(timeout=STOP_GRACE_S)
    # Children that outlived their parent get the rest of the grace, then SIGKILL.
    deadline = time.monotonic() + GROUP_GRACE_S
    while _signal_group(group, 0) and time.monotonic() < deadline:
        time.sleep(PORT_POLL_S)
    _signal_group(group, signal.SIGKILL)


def _signal_group(group: int, number: int) -> bool:
    """Send ``number`` to the process group; whether any process was still in it."""
    try:
        os.killpg(group, number)
    except (ProcessLookupError, PermissionError):
        return False
    return True

"""Rates under load: wa-harness load against wrk, the fake Graph API against bare werkzeug.

Prints figures; it asserts nothing. Run with ``make bench`` (which installs Debian's wrk
when it is missing). Every server runs on 127.0.0.1 in a process of its own and is
stopped before the next one starts; the rounds alternate so that a busy machine slows
both sides of a comparison alike.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WA_HARNESS = str(BIN / "wa-harness")
ROUNDS = 3
SECONDS = 5
CONNECTIONS = 10
SECRET = "bench-app-secret-0123456789"
TOKEN = "bench-access-token-0123456789"
PHONE_NUMBER_ID = "106540352242922"
PAYLOAD = ROOT / "recorded_payloads" / "status_delivered.json"
SEND = {
    "messaging_product": "whatsapp",
    "recipient_type": "individual",
    "to": "15551234567",
    "type": "text",
    "text": {"body": "hello"},
}
HELLO = textwrap.dedent(
    """
    import sys
    from werkzeug.serving import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args):
            pass

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"hello"]

    make_server("127.0.0.1", int(sys.argv[1]), app, threaded=True,
                request_handler=Quiet).serve_forever()
    """
)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, timeout_s: float = 30) -> None:
    import socket

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"nothing answered on port {port} within {timeout_s:g} s")


@contextmanager
def server(command: list[str], port: int, env: dict[str, str] | None = None) -> Iterator[int]:
    process = subprocess.Popen(
        command,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(port)
        yield process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


def reference_env(port: int) -> dict[str, str]:
    return {
        "WHATSAPP_GRAPH_API_BASE": "http://127.0.0.1:9",
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "WHATSAPP_ACCESS_TOKEN": TOKEN,
        "WHATSAPP_APP_SECRET": SECRET,
        "WHATSAPP_VERIFY_TOKEN": "bench-verify-token-0123",
        "PORT": str(port),
    }


def wrk(url: str, script: str | None = None, seconds: int = SECONDS) -> float:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", url]
    if script:
        command[1:1] = ["-s", script]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"wrk got non-2xx answers from {url}:\n{output}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if match is None:
        raise SystemExit(f"wrk printed no rate:\n{output}")
    return float(match.group(1))


def lua(folder: Path, name: str, body: bytes, headers: dict[str, str]) -> str:
    lines = ['wrk.method = "POST"', f"wrk.body = [==[{body.decode('ascii')}]==]"]
    lines += [f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def load_generator_vs_wrk(folder: Path) -> None:
    from harness.webhooks.signing import SIGNATURE_HEADER, sign

    body = PAYLOAD.read_bytes()
    script = lua(
        folder,
        "webhook.lua",
        body,
        {"Content-Type": "application/json", SIGNATURE_HEADER: sign(body, SECRET)},
    )
    reference = [sys.executable, "-m", "harness.reference"]
    wrk_rates, load_rates = [], []
    for _ in range(ROUNDS):
        port = free_port()
        with server(reference, port, reference_env(port)):
            wrk_rates.append(wrk(f"http://127.0.0.1:{port}/webhook", script))
        report = folder / "load.json"
        port = free_port()
        subprocess.run(
            [
                WA_HARNESS,
                "load",
                "--target",
                f"http://127.0.0.1:{port}",
                "--target-cmd",
                " ".join(reference),
                "--app-secret",
                SECRET,
                "--payload",
                str(PAYLOAD),
                "--users",
                str(CONNECTIONS),
                "--duration",
                str(SECONDS),
                "--opportunities",
                "20",
                "--json",
                str(report),
            ],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        load_rates.append(json.loads(report.read_text("utf-8"))["rate_per_s"])
    show(
        f"webhook POSTs to the reference ({PAYLOAD.name}, {CONNECTIONS} connections)",
        {"wrk": wrk_rates, "wa-harness load": load_rates},
        "wa-harness load / wrk",
    )


def fake_vs_werkzeug(folder: Path) -> None:
    body = json.dumps(SEND).encode("ascii")
    script = lua(
        folder,
        "send.lua",
        body,
        {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
    )
    hello_rates, fake_rates = [], []
    for _ in range(ROUNDS):
        port = free_port()
        with server([sys.executable, "-c", HELLO, str(port)], port):
            hello_rates.append(wrk(f"http://127.0.0.1:{port}/"))
        port = free_port()
        with server(fake_command(port), port):
            fake_rates.append(
                wrk(f"http://127.0.0.1:{port}/v21.0/{PHONE_NUMBER_ID}/messages", script)
            )
    show(
        f"fake Graph API: validated sends vs bare werkzeug hello-world ({CONNECTIONS} connections)",
        {"werkzeug hello-world": hello_rates, "fake-graph (cheroot)": fake_rates},
        "fake / werkzeug",
    )
    fake_memory(script)


def fake_command(port: int) -> list[str]:
    return [
        WA_HARNESS,
        "fake-graph",
        "--port",
        str(port),
        "--access-token",
        TOKEN,
        "--server",
        "cheroot",
        "--keep-last",
        "1000",
        "--window",
        "off",
        "--quiet",
    ]


def fake_memory(script: str) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with server(fake_command(port), port) as pid:
        print("  fake-graph memory (RSS) under full-speed sends:")
        for target in (10_000, 200_000):
            while sends(url) < target:
                wrk(f"{url}/v21.0/{PHONE_NUMBER_ID}/messages", script, seconds=3)
            print(f"    after {sends(url):>7,} sends: {rss_mb(pid):6.1f} MB")
        before = rss_mb(pid)
        wrk(f"{url}/v21.0/{PHONE_NUMBER_ID}/messages", script, seconds=15)
        print(f"    15 s more at full speed: {rss_mb(pid) - before:+.1f} MB ({sends(url):,} sends)")


def sends(url: str) -> int:
    request = urllib.request.Request(
        f"{url}/_harness/counts", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return int(json.load(answer)["counts"]["total"])


def rss_mb(pid: int) -> float:
    # The fake-graph process is the wa-harness script itself (no shell in between).
    status = Path(f"/proc/{pid}/status").read_text()
    kilobytes = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    return kilobytes / 1024


def show(title: str, rates: dict[str, list[float]], ratio_label: str) -> None:
    print(title)
    medians = {}
    for name, values in rates.items():
        medians[name] = statistics.median(values)
        figures = "  ".join(f"{v:7.0f}" for v in values)
        print(f"  {name:<24} median {medians[name]:7.0f}/s   rounds: {figures}")
    first, second = list(medians.values())
    print(f"  {ratio_label}: {second / first:.2f}")


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    # Stopped from outside, the servers it started are stopped too (finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed; `make bench` installs Debian's wrk")
    with tempfile.TemporaryDirectory(prefix="wa-harness-bench-") as folder:
        load_generator_vs_wrk(Path(folder))
        fake_vs_werkzeug(Path(folder))


if __name__ == "__main__":
    main()

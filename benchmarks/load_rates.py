"""The load tools' goals, each measured in this one run and printed as a ratio or figure.

- ``wa-harness fake-graph`` with its default options against a bare werkzeug server
  (goal: at least 0.8 times its rate);
- the fake's memory (RSS) over 1,000,000 sends with its default options, or as many as
  ``--rss-budget`` seconds allow (goal: flat within 10 MB after a warm-up);
- ``wa-harness load`` against wrk on the same target and payload while another process
  keeps one core busy (goal: at least 0.8 times wrk's rate).

Prints figures; it asserts nothing. Run with ``make bench`` (which installs Debian's wrk
when it is missing). Every server runs on 127.0.0.1 in a process of its own and is
stopped before the next one starts; the rounds alternate so that a busy machine slows
both sides of a comparison alike.
"""

from __future__ import annotations

import argparse
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
ROUNDS = 5
SECONDS = 5
CONNECTIONS = 10
RSS_SENDS = 1_000_000
RSS_WARM_UP = 20_000
RSS_BUDGET_S = 240.0
GOAL_RATIO = 0.8
GOAL_RSS_MB = 10.0
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


@contextmanager
def busy_core() -> Iterator[None]:
    """Another process that keeps one core busy for as long as the block runs."""
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield
    finally:
        spinner.kill()
        spinner.wait(timeout=10)


def load_generator_vs_wrk(folder: Path) -> float:
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
    with busy_core():
        for _ in range(ROUNDS):
            port = free_port()
            with server(reference, port, reference_env(port)):
                wrk_rates.append(wrk(f"http://127.0.0.1:{port}/webhook", script))
            load_rates.append(load_rate(folder, reference))
    return show(
        f"webhook POSTs to the reference ({PAYLOAD.name}, {CONNECTIONS} connections), "
        "another process keeping one core busy",
        {"wrk": wrk_rates, "wa-harness load": load_rates},
        "wa-harness load / wrk",
    )


def load_rate(folder: Path, reference: list[str]) -> float:
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
    return float(json.loads(report.read_text("utf-8"))["rate_per_s"])


def send_script(folder: Path) -> str:
    body = json.dumps(SEND).encode("ascii")
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}
    return lua(folder, "send.lua", body, headers)


def fake_vs_werkzeug(folder: Path) -> float:
    script = send_script(folder)
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
    return show(
        f"fake Graph API, default options: validated sends vs bare werkzeug hello-world "
        f"({CONNECTIONS} connections)",
        {"werkzeug hello-world": hello_rates, "wa-harness fake-graph": fake_rates},
        "fake-graph / werkzeug",
    )


def fake_command(port: int) -> list[str]:
    # The default options: what a user gets without asking for speed or a bounded journal.
    return [WA_HARNESS, "fake-graph", "--port", str(port), "--access-token", TOKEN]


def fake_memory(folder: Path, target: int, budget_s: float) -> tuple[int, float]:
    """Sends made and RSS growth (MB) from after the warm-up to the end."""
    script = send_script(folder)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    messages = f"{url}/v21.0/{PHONE_NUMBER_ID}/messages"
    print("fake Graph API memory (RSS), default options, sends at full speed:")
    with server(fake_command(port), port) as pid:
        while sends(url) < RSS_WARM_UP:
            wrk(messages, script, seconds=2)
        start, before = sends(url), rss_mb(pid)
        print(f"  after {start:>9,} sends (warm-up): {before:6.1f} MB")
        deadline = time.monotonic() + budget_s
        while sends(url) < target and time.monotonic() < deadline:
            wrk(messages, script, seconds=int(min(10, max(1, deadline - time.monotonic()))))
            print(f"  after {sends(url):>9,} sends: {rss_mb(pid):6.1f} MB")
        done, after = sends(url), rss_mb(pid)
        print(f"  after {done:>9,} sends: {after:6.1f} MB ({after - before:+.1f} MB)")
    return done, after - before


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


def show(title: str, rates: dict[str, list[float]], ratio_label: str) -> float:
    print(title)
    medians = {}
    for name, values in rates.items():
        medians[name] = statistics.median(values)
        figures = "  ".join(f"{v:7.0f}" for v in values)
        print(f"  {name:<24} median {medians[name]:7.0f}/s   rounds: {figures}")
    first, second = list(medians.values())
    print(f"  {ratio_label}: {second / first:.2f}")
    return second / first


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rss-sends", type=int, default=RSS_SENDS)
    parser.add_argument("--rss-budget", type=float, default=RSS_BUDGET_S, help="seconds")
    args = parser.parse_args()
    # Stopped from outside, the servers it started are stopped too (finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed; `make bench` installs Debian's wrk")
    with tempfile.TemporaryDirectory(prefix="wa-harness-bench-") as folder:
        fake_ratio = fake_vs_werkzeug(Path(folder))
        sent, grown = fake_memory(Path(folder), args.rss_sends, args.rss_budget)
        load_ratio = load_generator_vs_wrk(Path(folder))
    print("goals (this run):")
    print(
        f"  fake-graph, default options / bare werkzeug: {fake_ratio:.2f} "
        f"(goal >= {GOAL_RATIO}: {verdict(fake_ratio >= GOAL_RATIO)})"
    )
    print(
        f"  fake-graph RSS over {sent:,} sends after a {RSS_WARM_UP:,}-send warm-up: "
        f"{grown:+.1f} MB (goal within {GOAL_RSS_MB:g} MB over {args.rss_sends:,} sends: "
        f"{verdict(abs(grown) <= GOAL_RSS_MB)}"
        + ("" if sent >= args.rss_sends else f"; only {sent:,} fit in {args.rss_budget:g} s")
        + ")"
    )
    print(
        f"  wa-harness load / wrk, one core busy: {load_ratio:.2f} "
        f"(goal >= {GOAL_RATIO}: {verdict(load_ratio >= GOAL_RATIO)})"
    )


if __name__ == "__main__":
    main()

"""Latency the recording tap adds to one webhook delivery, on loopback.

Signed POSTs of a corpus notification go to a small WSGI implementation directly, then
through ``wa-harness record``'s tap (signature check, event kept in memory, byte-for-byte
forwarding). Prints the median and 95th percentile of each and of the difference; it
asserts nothing (the goal is under 5 ms at the median).
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server

from harness.recording.serving import Recorder, TapOptions
from harness.targets.transport import UrlTransport
from harness.webhooks.corpus import load_corpus
from harness.webhooks.delivery import WebhookClient

SECRET = "bench-app-secret-0123456789abcdef"
DELIVERIES = 300
WARM_UP = 20


class _Quiet(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


def _implementation(environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
    environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    start_response("200 OK", [("Content-Type", "application/json")])
    return iter([b'{"status":"ok"}'])


@contextmanager
def _serving() -> Iterator[str]:
    server = make_server("127.0.0.1", 0, _implementation, threaded=True, request_handler=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def _timings(direct_url: str, tap_url: str, body: bytes) -> tuple[list[float], list[float]]:
    """Deliveries alternate between the two ways, so a busy machine slows both alike."""
    with closing(UrlTransport(direct_url)) as one, closing(UrlTransport(tap_url)) as other:
        clients = [WebhookClient(t, app_secret=SECRET) for t in (one, other)]
        found: tuple[list[float], list[float]] = ([], [])
        for round_ in range(WARM_UP + DELIVERIES):
            for client, times in zip(clients, found, strict=True):
                started = time.perf_counter()
                assert client.post(body).accepted
                if round_ >= WARM_UP:
                    times.append((time.perf_counter() - started) * 1000)
    return found


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    body = next(p for p in load_corpus() if p.name == "text_arabic.json").body
    with _serving() as url, Recorder(TapOptions(forward=url), app_secret=SECRET) as recorder:
        direct, tapped = _timings(url, recorder.url, body)
    print(f"record tap, {DELIVERIES} signed deliveries of {len(body)} bytes on loopback (ms)")
    print(f"  direct:      median {statistics.median(direct):6.2f}   p95 {_p95(direct):6.2f}")
    print(f"  through tap: median {statistics.median(tapped):6.2f}   p95 {_p95(tapped):6.2f}")
    added = [t - d for t, d in zip(tapped, direct, strict=True)]
    print(
        f"  added:       median {statistics.median(added):6.2f}   p95 {_p95(added):6.2f}"
        "   (per pair of deliveries; goal: median < 5 ms)"
    )


if __name__ == "__main__":
    main()

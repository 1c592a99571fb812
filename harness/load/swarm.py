"""The Locust side of ``wa-harness load``: users that post the traffic, and the runners.

This module and ``charts`` are the ones that import Locust, whose import monkey-patches
the process with gevent; it runs as ``python -m harness.load.swarm`` in a process of its
own, reading its ``LoadOptions`` as JSON on stdin, and writes what it measured to
``options.stats_path``.
"""

from __future__ import annotations

from locust import User, constant, constant_throughput, events, task  # isort: skip

import json
import secrets
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gevent
from locust.env import Environment
from locust.html import get_html_report
from locust.runners import LocalRunner, MasterRunner

from harness.cloud_api.ids import derived_seed
from harness.load.charts import ChartHistory, interval_for
from harness.load.options import LoadOptions
from harness.load.plan import LoadPlan
from harness.load.traffic import Notification, Traffic
from harness.load.wire import Wire, request_bytes
from harness.webhooks.corpus import load_corpus
from harness.webhooks.delivery import meta_headers

# Meta retries a notification not answered 2xx "immediately, then with decreasing
# frequency" (its webhooks page); a short run keeps the first few of those retries.
RETRY_DELAYS_S = (0.0, 1.0, 3.0, 7.0)
WORKERS_READY_S = 30.0
# Locust warns about spawn rates above 100 users/s.
SPAWN_RATE = 100
REPORT_KEY = "wa_harness_load"


@dataclass(slots=True)
class Tally:
    """What one process saw beyond Locust's own statistics (sent to the master as is)."""

    by_status: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)
    timeouts: int = 0
    retries: int = 0
    taps_sent: int = 0
    taps_answered: set[str] = field(default_factory=set)

    def snapshot(self) -> dict[str, Any]:
        return {
            "by_status": dict(self.by_status),
            "by_kind": dict(self.by_kind),
            "timeouts": self.timeouts,
            "retries": self.retries,
            "taps_sent": self.taps_sent,
            "taps_answered": len(self.taps_answered),
        }


class Swarm:
    """The traffic and the tally of this process.

    The traffic is built before the process joins the run (that takes about a second);
    which cards it taps is settled once its worker index is known, so that each process
    taps its own share. Message ids come from a seed of this process's own.
    """

    def __init__(self, options: LoadOptions) -> None:
        self.options = options
        self.tally = Tally()
        self.reports: dict[str, dict[str, Any]] = {}
        self._plan = LoadPlan.build(
            seed=options.seed, operators=options.operators, opportunities=options.opportunities
        )
        payload = Path(options.payload_file).read_bytes() if options.payload_file else None
        self.traffic = Traffic(
            self._plan,
            (),
            app_secret=options.app_secret,
            corpus=load_corpus(options.corpus_dir) if payload is None else [],
            payload=payload,
            duplicate_share=options.duplicate_share,
            redelivery_share=options.redelivery_share,
            seed=derived_seed(options.seed, "process", secrets.randbits(64)),
        )

    def assign(self, index: int) -> None:
        """Tap the cards of worker ``index`` (0 when this process is the only one)."""
        self.traffic.assign(self._plan.share(index, self.options.workers))


def user_class(swarm: Swarm) -> type[User]:
    """A Locust user posting ``swarm``'s traffic at the configured rate and pattern.

    It posts through ``Wire``, a lean HTTP/1.1 client (see ``harness.load.wire`` for why),
    and reports each request to Locust's statistics as Locust's own clients do.
    """
    options = swarm.options
    requests = _Requests(options)

    class WebhookUser(User):
        host = options.target_url
        wait_time = _wait_time(options)

        def on_start(self) -> None:
            self.wire = Wire(options.target_url, timeout_s=options.timeout_s)

        def on_stop(self) -> None:
            self.wire.close()

        @task
        def deliver(self) -> None:
            notification = swarm.traffic.next()
            twice = " (duplicate)" if notification.copies > 1 else ""
            swarm.tally.by_kind[notification.kind + twice] += 1
            if notification.tap_id is not None:
                swarm.tally.taps_sent += 1
            if notification.copies == 1:
                self._post(notification, notification.kind, 0)
                return
            # Two deliveries of the same bytes at the same moment, as two subscribed apps
            # or an early retry would make them: each on a connection of its own.
            both = [
                gevent.spawn(self._post, notification, notification.kind + twice, 0)
                for _ in range(notification.copies)
            ]
            gevent.joinall(both)

        def _post(self, notification: Notification, name: str, attempt: int) -> None:
            started = time.perf_counter()
            answer = self.wire.post(requests.bytes_of(notification))
            elapsed_ms = (time.perf_counter() - started) * 1000
            status = answer.status
            swarm.tally.by_status[str(status)] += 1
            if status == 0 and isinstance(answer.error, TimeoutError):
                swarm.tally.timeouts += 1
            ok = 200 <= status < 300
            if ok and notification.tap_id is not None:
                swarm.tally.taps_answered.add(notification.tap_id)
            failure = None if ok else answer.error or AnswerError(f"answered {status}")
            self.environment.events.request.fire(
                request_type="POST",
                name=name,
                response_time=elapsed_ms,
                response_length=answer.length,
                exception=failure,
                context={},
            )
            if not ok and attempt < min(options.max_retries, len(RETRY_DELAYS_S)):
                swarm.tally.retries += 1
                gevent.spawn_later(
                    RETRY_DELAYS_S[attempt], self._post, notification, "retry", attempt + 1
                )

    return WebhookUser


class AnswerError(Exception):
    """A notification answered, but not 2xx: a failure in Locust's statistics."""


class _Requests:
    """The exact bytes of each notification's POST; the last one is reused (``--payload``
    posts one notification again and again)."""

    def __init__(self, options: LoadOptions) -> None:
        self._path = options.webhook_path
        self._host = Wire(options.target_url, timeout_s=options.timeout_s).host_header
        self._last: tuple[Notification, bytes] | None = None

    def bytes_of(self, notification: Notification) -> bytes:
        if self._last is not None and self._last[0] is notification:
            return self._last[1]
        headers = meta_headers(notification.signature)
        built = request_bytes("POST", self._path, self._host, headers, notification.body)
        self._last = (notification, built)
        return built


def _wait_time(options: LoadOptions) -> Callable[[Any], float]:
    if options.rate is None:
        return constant(0)
    per_user = options.rate / options.users
    if options.pattern == "steady":
        return constant_throughput(per_user)
    burst = max(options.burst, 1)
    state = {"sent": 0, "started": time.monotonic()}

    def bursts(user: Any) -> float:
        # `burst` notifications back to back, then a pause that keeps the average rate.
        state["sent"] += 1
        if state["sent"] % burst:
            return 0.0
        due = state["started"] + state["sent"] / (per_user * options.users)
        return max(0.0, due - time.monotonic())

    return bursts


def run(options: LoadOptions, *, mode: str, master_host: str = "127.0.0.1") -> int:
    """Run as ``local``, ``worker`` (of ``master_host``) or ``master``: ``master_host``
    ``spawn`` starts ``options.workers`` local workers, ``remote`` waits for that many."""
    swarm = Swarm(options)
    environment = Environment(user_classes=[user_class(swarm)], events=events)
    _listen(environment, swarm)
    if mode == "worker":
        # Connecting waits for the master's ack, which carries this worker's index.
        worker = environment.create_worker_runner(master_host, options.master_bind_port)
        swarm.assign(worker.worker_index)
        worker.greenlet.join()
        return 0
    children: list[subprocess.Popen[bytes]] = []
    runner: MasterRunner | LocalRunner
    if mode == "master":
        # Local workers connect over loopback; remote ones need every interface.
        bind = "127.0.0.1" if master_host == "spawn" else "*"
        runner = environment.create_master_runner(bind, options.master_bind_port)
        children = _spawn_local_workers(options) if master_host == "spawn" else []
        _wait_for_workers(runner, options.workers)
    else:
        swarm.assign(0)
        runner = environment.create_local_runner()
    # A quick ramp: a slow one would count against the achieved rate.
    # The report's charts are drawn from a history that Locust's own command line records
    # beside the runner; as a library, that is ours to record.
    history = ChartHistory(runner, interval_for(options.duration_s))
    runner.start(options.users, spawn_rate=min(options.users * 10, SPAWN_RATE))
    gevent.sleep(options.duration_s)
    runner.stop()
    runner.quit()
    history.finish()
    for child in children:
        child.wait(timeout=30)
    _write_stats(environment, swarm, options)
    return 0


def _listen(environment: Environment, swarm: Swarm) -> None:
    def report(client_id: str, data: dict[str, Any]) -> None:
        data[REPORT_KEY] = swarm.tally.snapshot()

    def collect(client_id: str, data: dict[str, Any]) -> None:
        if REPORT_KEY in data:
            swarm.reports[client_id] = data[REPORT_KEY]

    environment.events.report_to_master.add_listener(report)  # type: ignore[no-untyped-call]
    environment.events.worker_report.add_listener(collect)  # type: ignore[no-untyped-call]


def _spawn_local_workers(options: LoadOptions) -> list[subprocess.Popen[bytes]]:
    command = [sys.executable, "-m", "harness.load.swarm", "worker", "127.0.0.1"]
    children = []
    for _ in range(options.workers):
        child = subprocess.Popen(command, stdin=subprocess.PIPE)
        assert child.stdin is not None
        child.stdin.write(options.to_json().encode())
        child.stdin.close()
        children.append(child)
    return children


def _wait_for_workers(master: MasterRunner, expected: int) -> None:
    deadline = time.monotonic() + WORKERS_READY_S
    while master.worker_count < expected:
        if time.monotonic() > deadline:
            raise SystemExit(
                f"wa-harness load: only {master.worker_count} of {expected} Locust workers "
                f"connected within {WORKERS_READY_S:g} s; check --master-host and the port"
            )
        gevent.sleep(0.1)


def _write_stats(environment: Environment, swarm: Swarm, options: LoadOptions) -> None:
    total = environment.stats.total
    # From the first request to the last answer, as Locust itself reports the rate.
    elapsed = (total.last_request_timestamp or total.start_time) - total.start_time
    tallies = list(swarm.reports.values()) or [swarm.tally.snapshot()]
    merged: dict[str, Any] = {"by_status": Counter(), "by_kind": Counter()}
    for key in ("timeouts", "retries", "taps_sent", "taps_answered"):
        merged[key] = sum(t[key] for t in tallies)
    for t in tallies:
        merged["by_status"].update(t["by_status"])
        merged["by_kind"].update(t["by_kind"])
    over_1s = sum(n for ms, n in total.response_times.items() if ms > 1000)
    stats = {
        "requests": total.num_requests,
        "failures": total.num_failures,
        "duration_s": elapsed,
        "rate_per_s": total.num_requests / elapsed if elapsed else 0.0,
        "latency_ms": {
            "p50": total.get_response_time_percentile(0.5),
            "p95": total.get_response_time_percentile(0.95),
            "p99": total.get_response_time_percentile(0.99),
            "max": total.max_response_time,
        },
        "over_1s": over_1s,
        "workers": options.workers or 1,
        **{k: dict(v) if isinstance(v, Counter) else v for k, v in merged.items()},
    }
    Path(options.stats_path).write_text(json.dumps(stats), encoding="utf-8")
    if options.html_path:
        html = get_html_report(environment, show_download_link=False)  # type: ignore[no-untyped-call]
        Path(options.html_path).write_text(html, encoding="utf-8")


def main(argv: list[str]) -> int:
    """``swarm local|master|worker [MASTER_HOST|spawn]``; options as JSON on stdin."""
    mode = argv[0] if argv else "local"
    master_host = argv[1] if len(argv) > 1 else "127.0.0.1"
    options = LoadOptions.from_json(sys.stdin.read())
    return run(options, mode=mode, master_host=master_host)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

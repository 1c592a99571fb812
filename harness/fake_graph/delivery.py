"""Background delivery of owed status notifications to a webhook, signed like Meta's."""

from __future__ import annotations

import logging
import threading
from typing import Any

import requests

from harness.fake_graph.core import FakeGraph
from harness.fake_graph.records import SendAttempt
from harness.webhooks.encoding import meta_json_bytes
from harness.webhooks.signing import SIGNATURE_HEADER, sign

logger = logging.getLogger(__name__)


class WebhookDelivery:
    """Posts each owed notification once, as exact signed bytes; failures are logged."""

    def __init__(
        self,
        fake: FakeGraph,
        *,
        webhook_url: str,
        app_secret: str,
        timeout_s: float = 5.0,
        idle_s: float = 0.2,
    ) -> None:
        self._fake = fake
        self._url = webhook_url
        self._secret = app_secret
        self._timeout_s = timeout_s
        self._idle_s = idle_s
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._session = requests.Session()

    def start(self) -> None:
        self._fake.on_attempt.append(self._on_attempt)
        self._thread = threading.Thread(target=self._run, name="fake-graph-webhooks", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._on_attempt in self._fake.on_attempt:
            self._fake.on_attempt.remove(self._on_attempt)
        if self._thread is not None:
            self._thread.join(timeout=self._timeout_s + 1)
        self._session.close()

    def deliver_owed(self) -> int:
        """Post everything owed now; returns how many notifications were taken."""
        owed = self._fake.take_owed_notifications()
        for notification in owed:
            self._post(notification)
        return len(owed)

    def _on_attempt(self, attempt: SendAttempt) -> None:
        self._wake.set()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(self._idle_s)
            self._wake.clear()
            try:
                self.deliver_owed()
            except Exception:
                # The loop must outlive any one bad delivery.
                logger.exception("webhook delivery loop failed; continuing")

    def _post(self, notification: dict[str, Any]) -> None:
        body = meta_json_bytes(notification)
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(body, self._secret)}
        try:
            answer = self._session.post(
                self._url, data=body, headers=headers, timeout=self._timeout_s
            )
        except requests.RequestException as exc:
            logger.warning("status webhook to %s failed: %s", self._url, exc)
            return
        if not 200 <= answer.status_code < 300:
            logger.warning("status webhook to %s answered %d", self._url, answer.status_code)

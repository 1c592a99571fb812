"""Background delivery of owed status notifications to a webhook, signed like Meta's."""

from __future__ import annotations

import logging
import threading
from typing import Any
from urllib.parse import urlsplit

from harness.errors import HarnessError
from harness.fake_graph.core import FakeGraph
from harness.fake_graph.records import SendAttempt
from harness.targets.transport import UrlTransport
from harness.webhooks.delivery import WebhookClient

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
        self._timeout_s = timeout_s
        self._idle_s = idle_s
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        # The simulator's client: the same exact bytes and signature as every other delivery.
        parts = urlsplit(webhook_url)
        path = parts.path or "/"
        self._transport = UrlTransport(f"{parts.scheme}://{parts.netloc}", timeout_s=timeout_s)
        self._client = WebhookClient(
            self._transport,
            app_secret=app_secret,
            path=f"{path}?{parts.query}" if parts.query else path,
        )

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
        self._transport.close()

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
        try:
            delivery = self._client.post(notification)
        except HarnessError as exc:
            logger.warning("status webhook to %s failed: %s", self._url, exc)
            return
        if not delivery.accepted:
            logger.warning("status webhook to %s answered %d", self._url, delivery.answer.status)

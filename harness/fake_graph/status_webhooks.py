"""Status webhooks: what an accepted send owes (docs/cloud-api.md) and its background delivery."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from harness.cloud_api.contacts import FailedContacts, StatusContacts, status_contacts
from harness.cloud_api.envelope import BusinessNumber, wrap_statuses
from harness.cloud_api.error_bodies import status_error
from harness.cloud_api.statuses import pricing_for, status_item
from harness.errors import HarnessError
from harness.fake_graph.journal import SendAttempt
from harness.fake_graph.lifecycle import LostWork
from harness.targets.transport import UrlTransport
from harness.webhooks.delivery import Delivery, WebhookClient

logger = logging.getLogger(__name__)

PROGRESS = ("sent", "delivered", "read")


@dataclass(frozen=True, slots=True)
class SentMessage:
    """What the fake knows about one accepted send when it owes statuses for it."""

    wamid: str
    timestamp: str
    # The user's phone digits when known, else None (a username-only user).
    wa_id: str | None
    user_id: str | None
    by_user_id: bool
    template: bool
    callback: str | None


def owed_notifications(
    sent: SentMessage,
    business: BusinessNumber,
    *,
    failure: str | None,
    progress: bool,
    contacts: StatusContacts = StatusContacts.BARE,
    failed_contacts: FailedContacts = FailedContacts.NONE,
) -> list[dict[str, Any]]:
    """One notification per status: ``failed`` for ``failure``, else sent/delivered/read
    when ``progress``; none otherwise.

    ``recipient_user_id`` is on every progress status, and on a failure only for a BSUID
    send; ``recipient_id`` is omitted when the phone may not be shown (M-BSUID).
    """
    names = ("failed",) if failure is not None else PROGRESS if progress else ()
    found = []
    for name in names:
        failed = name == "failed"
        bsuid = sent.user_id if not failed or sent.by_user_id else None
        item = status_item(
            name,
            wamid=sent.wamid,
            timestamp=sent.timestamp,
            recipient_id=sent.wa_id,
            recipient_user_id=bsuid,
            biz_opaque_callback_data=sent.callback,
            pricing=pricing_for(name, template=sent.template),
            errors=[status_error(failure)] if failure is not None else None,
        )
        shape = failed_contacts if failed else contacts
        who = status_contacts(name, shape, wa_id=sent.wa_id, user_id=bsuid)
        found.append(wrap_statuses([item], business, contacts=who))
    return found


class OwesNotifications(Protocol):
    """What the delivery needs of the fake: its sends, what they owe, and where to note loss.

    The fake's core imports this module for what a send owes, so the delivery names the
    fake by what it does rather than by its class.
    """

    on_attempt: list[Callable[[SendAttempt], None]]
    lost: LostWork

    def take_owed_notifications(self) -> list[dict[str, Any]]: ...


class WebhookDelivery:
    """Posts each owed notification once, as exact signed bytes; failures are logged."""

    def __init__(
        self,
        fake: OwesNotifications,
        *,
        client: WebhookClient,
        timeout_s: float = 5.0,
        idle_s: float = 0.2,
        closers: tuple[Callable[[], None], ...] = (),
        where: str | None = None,
    ) -> None:
        self._fake = fake
        self.client = client
        self._where = where or client.path
        self._timeout_s = timeout_s
        self._idle_s = idle_s
        self._closers = closers
        self._wake = threading.Event()
        # One batch at a time, so a caller of deliver_owed() knows all owed have arrived.
        self._delivering = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        # Called after each delivery with the notification and the answer (None: it failed).
        self.on_delivery: list[Callable[[dict[str, Any], Delivery | None], None]] = []

    @classmethod
    def to_url(
        cls, fake: OwesNotifications, *, webhook_url: str, app_secret: str, timeout_s: float = 5.0
    ) -> WebhookDelivery:
        """Deliver to a webhook URL over HTTP, with the simulator's signing client."""
        parts = urlsplit(webhook_url)
        path = parts.path or "/"
        transport = UrlTransport(f"{parts.scheme}://{parts.netloc}", timeout_s=timeout_s)
        client = WebhookClient(
            transport,
            app_secret=app_secret,
            path=f"{path}?{parts.query}" if parts.query else path,
        )
        return cls(
            fake, client=client, timeout_s=timeout_s, closers=(transport.close,), where=webhook_url
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
        for close in self._closers:
            close()

    def deliver_owed(self) -> int:
        """Post everything owed now; returns how many notifications were taken."""
        with self._delivering:
            owed = self._fake.take_owed_notifications()
            for notification in owed:
                try:
                    self._post(notification)
                except Exception as exc:  # noqa: BLE001 - collected as lost work
                    # Taken from the queue but never delivered: the run must hear of it.
                    self._fake.lost.add(f"delivering a status webhook to {self._where}", exc)
        return len(owed)

    def _on_attempt(self, attempt: SendAttempt) -> None:
        self._wake.set()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(self._idle_s)
            self._wake.clear()
            try:
                self.deliver_owed()
            except Exception as exc:  # noqa: BLE001 - collected as lost work
                # The loop must outlive any one bad delivery, and the run hear of it.
                self._fake.lost.add("the status webhook delivery loop", exc)

    def _post(self, notification: dict[str, Any]) -> None:
        where = self._where
        delivery: Delivery | None = None
        try:
            delivery = self.client.post(notification)
        except HarnessError as exc:
            logger.warning("status webhook to %s failed: %s", where, exc)
        if delivery is not None and not delivery.accepted:
            logger.warning("status webhook to %s answered %d", where, delivery.answer.status)
        for listener in list(self.on_delivery):
            try:
                listener(notification, delivery)
            except Exception:
                logger.exception("on_delivery listener failed")

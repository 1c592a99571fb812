"""Retries of a rate-limited send made in the background, after the webhook was answered.

The first attempt is made while the tap is handled (its refusal becomes an alert); the
retries run on a thread of their own, each after its delay. With ``offers_settle`` the
``settle`` command answers once every retry still to come has been made, as CONTRACT.md
asks of it.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from harness.reference.config import Settings
from harness.reference.graph_client import GraphClient, SendResult

from . import _base

RATE_LIMITED = 130429


class LaterRetryClient(GraphClient):
    """Sends once at once; on a 130429, retries later after each of ``DELAYS_S``."""

    DELAYS_S: tuple[float, ...] = ()

    def __init__(self, settings: Settings, session: Any = None) -> None:
        super().__init__(settings, session)
        self._retrying: list[threading.Thread] = []

    def send(self, to: str, message: dict[str, Any]) -> SendResult:
        result = super().send(to, message)
        if result.error_code == RATE_LIMITED:
            worker = threading.Thread(target=self._retry, args=(to, message), daemon=True)
            self._retrying.append(worker)
            worker.start()
        return result

    def _retry(self, to: str, message: dict[str, Any]) -> None:
        for delay in self.DELAYS_S:
            time.sleep(delay)
            if super().send(to, message).error_code != RATE_LIMITED:
                return

    def idle(self) -> None:
        """Return once every retry still to come has been made."""
        for worker in list(self._retrying):
            worker.join()


class LaterRetryApp(_base.App):
    """``settle`` (when offered) waits for the background retries."""

    def command(self, command: Any) -> dict[str, Any]:
        if self.offers_settle and isinstance(command, dict) and command.get("command") == "settle":
            client = self.flow._client
            if isinstance(client, LaterRetryClient):
                client.idle()
        return super().command(command)

"""Retries of a rate-limited send made in the background, after the webhook was answered.

The first attempt is made while the tap is handled (its refusal becomes an alert); the
retries run on a thread of their own, each after its delay. A draft whose send is being
retried is out of the operator's reach until the retries end: sent if one was accepted,
open for another approval if none was (an approval meanwhile would send it twice). With
``offers_settle`` the ``settle`` command answers once every retry still to come has been
made, as CONTRACT.md asks of it.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from harness.reference.config import Settings
from harness.reference.graph_client import GraphClient, SendResult
from harness.reference.records import Draft, DraftStatus

from . import _base

RATE_LIMITED = 130429


@dataclass(frozen=True)
class RetriedResult(SendResult):
    """A refusal whose retries are under way; ``accepted`` ends True once one is accepted."""

    accepted: Future[bool] = field(default_factory=Future)


class LaterRetryClient(GraphClient):
    """Sends once at once; on a 130429, retries later after each of ``DELAYS_S``."""

    DELAYS_S: tuple[float, ...] = ()

    def __init__(self, settings: Settings, session: Any = None) -> None:
        super().__init__(settings, session)
        self._retrying: list[threading.Thread] = []

    def send(self, to: str, message: dict[str, Any]) -> SendResult:
        result = super().send(to, message)
        if result.error_code != RATE_LIMITED or not self.DELAYS_S:
            return result
        retried = RetriedResult(**vars(result))
        worker = threading.Thread(target=self._retry, args=(to, message, retried), daemon=True)
        self._retrying.append(worker)
        worker.start()
        return retried

    def _retry(self, to: str, message: dict[str, Any], retried: RetriedResult) -> None:
        for delay in self.DELAYS_S:
            time.sleep(delay)
            if super().send(to, message).error_code != RATE_LIMITED:
                retried.accepted.set_result(True)
                return
        retried.accepted.set_result(False)

    def idle(self) -> None:
        """Return once every retry still to come has been made."""
        for worker in list(self._retrying):
            worker.join()


class LaterRetryFlow(_base.Flow):
    """A draft being retried counts as sent until its retries end without success."""

    def _send(
        self, to: str, message: dict[str, Any], what: str, **context: str
    ) -> SendResult | None:
        result = super()._send(to, message, what, **context)
        if what == "draft" and isinstance(result, RetriedResult):
            draft = self._drafts[context["draft_id"]]
            draft.status = DraftStatus.SENT
            result.accepted.add_done_callback(lambda done: self._retried(draft, done.result()))
        return result

    def _retried(self, draft: Draft, accepted: bool) -> None:
        if not accepted:
            with self._lock:
                draft.status = DraftStatus.PENDING


class LaterRetryApp(_base.App):
    """``settle`` (when offered) waits for the background retries."""

    flow_class = LaterRetryFlow

    def command(self, command: Any) -> dict[str, Any]:
        if self.offers_settle and isinstance(command, dict) and command.get("command") == "settle":
            client = self.flow._client
            if isinstance(client, LaterRetryClient):
                client.idle()
        return super().command(command)

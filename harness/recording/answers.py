"""The Graph API during a replay: each send answered as Meta answered it in the recording."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from werkzeug.wrappers import Request, Response

from harness.cloud_api.ids import IdSource

_JSON = "application/json; charset=UTF-8"


@dataclass(frozen=True, slots=True)
class CapturedSend:
    """One request the implementation made to the Graph API during the replay."""

    method: str
    path: str
    request: Any


class AnswerScript:
    """Answers the n-th send with the n-th recorded answer (errors included, same points).

    Sends past the end of the recording get a plain acceptance with a new wamid, so an
    implementation that sends more is seen sending more rather than stopped by an error.
    """

    def __init__(self, sends: list[dict[str, Any]]) -> None:
        self._answers = [event["answer"] for event in sends]
        self._lock = threading.Condition()
        self._captured: list[CapturedSend] = []
        self._ids = IdSource(seed=7)

    @property
    def captured(self) -> list[CapturedSend]:
        """The sends so far, in the order they arrived."""
        with self._lock:
            return list(self._captured)

    def wait_for(self, count: int, timeout_s: float) -> bool:
        """Wait until ``count`` sends have arrived; False when ``timeout_s`` ran out first."""
        with self._lock:
            return self._lock.wait_for(lambda: len(self._captured) >= count, timeout_s)

    def wait_quiet(self, quiet_s: float, limit_s: float) -> None:
        """Wait until no send has arrived for ``quiet_s`` (at most ``limit_s`` in all)."""
        waited = 0.0
        with self._lock:
            while waited < limit_s:
                seen = len(self._captured)
                self._lock.wait_for(partial(self._more_than, seen), quiet_s)
                if len(self._captured) == seen:
                    return
                waited += quiet_s

    def _more_than(self, count: int) -> bool:
        return len(self._captured) > count

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request = Request(environ)
        if request.method != "POST":
            body = {"error": {"message": "the replay answers sends only", "code": 100}}
            return Response(json.dumps(body), 404, content_type=_JSON)(environ, start_response)
        try:
            payload = json.loads(request.get_data(cache=False))
        except (ValueError, RecursionError):
            payload = None
        with self._lock:
            index = len(self._captured)
            self._captured.append(CapturedSend("POST", request.path, payload))
            self._lock.notify_all()
        status, answer = self._answer(index, payload)
        text = json.dumps(answer, ensure_ascii=False) if answer is not None else ""
        return Response(text, status or 500, content_type=_JSON)(environ, start_response)

    def _answer(self, index: int, payload: Any) -> tuple[int | None, Any]:
        if index < len(self._answers):
            recorded = self._answers[index]
            return recorded.get("status"), recorded.get("body")
        to = payload.get("to", "") if isinstance(payload, dict) else ""
        return 200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": to}],
            "messages": [{"id": self._ids.wamid(str(to))}],
        }

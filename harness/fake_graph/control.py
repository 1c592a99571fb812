"""The ``/_harness/*`` routes that let non-Python tests steer and read the fake."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from harness.errors import TargetError, UsageError
from harness.fake_graph.core import FakeGraph
from harness.fake_graph.faults import FaultRule
from harness.fake_graph.inbound import Inbound

PREFIX = "/_harness/"
Answer = tuple[int, dict[str, Any]]


def answer_control(
    fake: FakeGraph, method: str, path: str, body: bytes, *, inbound: Inbound | None = None
) -> Answer:
    """Run one control request against ``fake``; bad input is a 400 with a JSON message."""
    routes = _routes(inbound)
    key = (method.upper(), path.rstrip("/"))
    handler = routes.get(key)
    if handler is None:
        known = ", ".join(f"{m} {p}" for m, p in routes)
        return 404, {"error": {"message": f"no harness route {method} {path}; known: {known}"}}
    try:
        data = json.loads(body) if body.strip() else {}
        if not isinstance(data, Mapping):
            raise UsageError("send a JSON object")
        _refuse_unknown_keys(key, data)
        return 200, handler(fake, data)
    except (ValueError, TypeError) as exc:
        # UsageError is a ValueError; a wrong-typed field surfaces as TypeError.
        return 400, {"error": {"message": str(exc)}}
    except TargetError as exc:
        # Only /_harness/inbound reaches the implementation; it did not answer.
        return 502, {"error": {"message": str(exc)}}


# The body keys each route reads; any other key is a mistake worth a 400, since ignoring
# it would leave a test believing it had, say, moved the clock. The faults and inbound
# routes check their own bodies.
ROUTE_KEYS: dict[tuple[str, str], tuple[str, ...]] = {
    ("GET", "/_harness/sent"): (),
    ("GET", "/_harness/counts"): (),
    ("POST", "/_harness/reset"): (),
    ("POST", "/_harness/clock"): ("advance_s",),
    ("POST", "/_harness/window"): ("wa_id", "user_id"),
    ("GET", "/_harness/faults"): (),
    ("DELETE", "/_harness/faults"): (),
    ("POST", "/_harness/notifications/take"): (),
}


def _refuse_unknown_keys(route: tuple[str, str], data: Mapping[str, Any]) -> None:
    allowed = ROUTE_KEYS.get(route)
    if allowed is None:
        return
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        takes = f"takes {', '.join(allowed)}" if allowed else "takes no body keys"
        raise UsageError(f"unknown key {', '.join(unknown)}; {route[0]} {route[1]} {takes}")


def route_list(*, inbound: bool) -> list[str]:
    """``POST /_harness/clock`` and the like, for the startup banner."""
    return [f"{m} {p}" for m, p in _routes(None) if inbound or p != "/_harness/inbound"]


def _sent(fake: FakeGraph, data: Mapping[str, Any]) -> dict[str, Any]:
    return {"attempts": fake.redactor.data([attempt.to_dict() for attempt in fake.attempts])}


def _counts(fake: FakeGraph, data: Mapping[str, Any]) -> dict[str, Any]:
    return {"counts": fake.counts().to_dict()}


def _reset(fake: FakeGraph, data: Mapping[str, Any]) -> dict[str, Any]:
    fake.reset()
    return {"ok": True}


def _clock(fake: FakeGraph, data: Mapping[str, Any]) -> dict[str, Any]:
    seconds = data.get("advance_s", 0)
    if not isinstance(seconds, int | float) or isinstance(seconds, bool):
        raise UsageError('send {"advance_s": <seconds>} with a number')
    fake.clock.advance(seconds)
    return {"now": fake.clock.now()}


def _window(fake: FakeGraph, data: Mapping[str, Any]) -> dict[str, Any]:
    wa_id, user_id = data.get("wa_id"), data.get("user_id")
    named = [v for v in (wa_id, user_id) if v is not None]
    if not named or not all(isinstance(v, str) and v for v in named):
        raise UsageError(
            'send {"wa_id": "<the user\'s number>"}, {"user_id": "<their BSUID>"} or both'
        )
    fake.open_window(wa_id, user_id=user_id)
    return {"ok": True}


def _add_fault(fake: FakeGraph, data: Mapping[str, Any]) -> dict[str, Any]:
    rule = FaultRule.from_dict(data)
    fake.add_fault(rule)
    return {"ok": True, "faults": [r.to_dict() for r in fake.faults]}


def _list_faults(fake: FakeGraph, data: Mapping[str, Any]) -> dict[str, Any]:
    return {"faults": [r.to_dict() for r in fake.faults]}


def _clear_faults(fake: FakeGraph, data: Mapping[str, Any]) -> dict[str, Any]:
    fake.clear_faults()
    return {"ok": True}


def _take_notifications(fake: FakeGraph, data: Mapping[str, Any]) -> dict[str, Any]:
    return {"notifications": fake.take_owed_notifications()}


def _inbound(inbound: Inbound | None) -> Callable[[FakeGraph, Mapping[str, Any]], dict[str, Any]]:
    def answer(fake: FakeGraph, data: Mapping[str, Any]) -> dict[str, Any]:
        if inbound is None:
            raise UsageError(
                "no webhook to deliver to: start fake-graph with --webhook-url and --app-secret"
            )
        return inbound.answer(data)

    return answer


def _routes(
    inbound: Inbound | None,
) -> dict[tuple[str, str], Callable[[FakeGraph, Mapping[str, Any]], dict[str, Any]]]:
    return {
        ("POST", "/_harness/inbound"): _inbound(inbound),
        ("GET", "/_harness/sent"): _sent,
        ("GET", "/_harness/counts"): _counts,
        ("POST", "/_harness/reset"): _reset,
        ("POST", "/_harness/clock"): _clock,
        ("POST", "/_harness/window"): _window,
        ("GET", "/_harness/faults"): _list_faults,
        ("POST", "/_harness/faults"): _add_fault,
        ("DELETE", "/_harness/faults"): _clear_faults,
        ("POST", "/_harness/notifications/take"): _take_notifications,
    }

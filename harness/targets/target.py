"""The implementation under test, as the checks see it: roles, HTTP, and control."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from harness.errors import CheckFailed, TargetError
from harness.targets.transport import MAX_BODY_BYTES, HttpAnswer, HttpTransport

# The Python roles of target interface v1; "app" and "control" may also be served over HTTP.
BUILDER_ROLES = ("build_opportunity_card", "build_draft_card", "parse_button_reply")


@dataclass
class Target:
    """One implementation: Python functions it offers, and how to reach it over HTTP."""

    description: str
    transport: HttpTransport | None = None
    # "python" (a module) or "http" (a server, which cannot offer Python functions).
    kind: str = "python"
    functions: dict[str, Callable[..., Any]] = field(default_factory=dict)
    control_path: str | None = "/_harness/control"
    closers: list[Callable[[], None]] = field(default_factory=list)
    # Says why a spawned server stopped answering (it exited), or "" while it runs.
    exit_note: Callable[[], str] = lambda: ""
    # Rebuilds the app (or restarts the spawned server) with extra configuration; None when
    # the harness did not start the implementation and so cannot change its environment.
    reconfigure: Callable[[Mapping[str, str]], None] | None = None

    def has(self, role: str) -> bool:
        if role == "app":
            return self.transport is not None
        if role == "control":
            return "control" in self.functions or (
                self.transport is not None and self.control_path is not None
            )
        return role in self.functions

    def call(self, role: str, *args: Any) -> Any:
        """Call a Python role; an exception from the implementation is a finding, not a crash."""
        try:
            return self.functions[role](*args)
        except Exception as exc:
            raise CheckFailed(f"{role} raised {type(exc).__name__}: {exc}") from exc

    def http(self) -> HttpTransport:
        if self.transport is None:
            raise TargetError(f"{self.description} offers no web application (create_app)")
        return self.transport

    @property
    def control_in_process(self) -> bool:
        """Whether control commands go to a Python function rather than over HTTP."""
        return "control" in self.functions

    def control_call(self, command: Mapping[str, Any]) -> Any:
        """The Python control function's own answer to ``command``, unjudged (it may raise)."""
        return self.functions["control"](dict(command))

    def control(self, command: Mapping[str, Any]) -> dict[str, Any]:
        """Send one control command; the answer must be a JSON object."""
        if self.control_in_process:
            answer = self.call("control", dict(command))
            if not isinstance(answer, dict):
                raise CheckFailed(
                    f"control({command['command']!r}) returned {answer!r}, not a dict"
                )
            return answer
        reply = self.control_http(command)
        if reply.status >= 300:
            name = command["command"]
            raise CheckFailed(
                f"control command {name!r} answered {reply.status}: {reply.text()[:300]}"
            )
        return _json_object(reply, command["command"])

    def control_http(self, command: Mapping[str, Any]) -> HttpAnswer:
        if self.control_path is None:
            raise TargetError(f"{self.description} has no control endpoint")
        body = json.dumps(command, ensure_ascii=False).encode("utf-8")
        return self.http().request(
            "POST", self.control_path, body=body, headers={"Content-Type": "application/json"}
        )

    def close(self) -> None:
        while self.closers:
            self.closers.pop()()


def _json_object(reply: HttpAnswer, name: str) -> dict[str, Any]:
    if reply.truncated:
        # Only the first MAX_BODY_BYTES were read, so parsing would only blame the cut.
        raise CheckFailed(
            f"control command {name!r} answered more than {MAX_BODY_BYTES} bytes; "
            "control answers are small JSON objects"
        )
    try:
        answer = json.loads(reply.body or b"{}")
    except ValueError as exc:
        raise CheckFailed(
            f"control command {name!r} did not answer JSON: {reply.text()[:200]}"
        ) from exc
    if not isinstance(answer, dict):
        raise CheckFailed(f"control command {name!r} answered {answer!r}, not a JSON object")
    return answer

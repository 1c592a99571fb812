"""Faults the tester armed for the next send: armed until one send hits them, then spent."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from harness.cloud_api.catalogue import load_catalogue
from harness.fake_graph import FaultRule, SendAttempt
from harness.fake_graph.faults import fault_for_code

# The faults the page offers, by the Meta code a tester knows them by; any code of the
# fake's table can be armed through the API.
OFFERED_CODES = (130429, 131047, 131026, 131056, 190, 131000)


def code_label(code: int) -> str:
    """A Meta code as a tester knows it: the code and Meta's title ("130429 Rate limit hit")."""
    return f"{code} {load_catalogue().get(str(code)).title}"


@dataclass(slots=True)
class ArmedFault:
    """One "fail the next send" the tester armed, and the send that spent it."""

    code: int
    role: str | None
    recipient: str | None
    rule: FaultRule
    fired_at: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": code_label(self.code),
            "role": self.role,
            "recipient": self.recipient,
            "armed": self.fired_at is None,
            "fired_at": self.fired_at,
        }


class FaultShelf:
    """The faults armed in a session, in the fake's order, so a spent one can be told apart.

    The fake fires the first armed rule that matches a send; the shelf marks that same one.
    """

    def __init__(self) -> None:
        self._faults: list[ArmedFault] = []
        self._lock = threading.Lock()

    def arm(self, code: int, role: str | None, recipient: str | None) -> FaultRule:
        """The rule for the fake: ``code`` on the next send (to ``recipient``, or anyone)."""
        rule = fault_for_code(code, trigger="next", n=1, recipient=recipient)
        with self._lock:
            self._faults.append(ArmedFault(code, role, rule.recipient, rule))
        return rule

    def fired(self, attempt: SendAttempt) -> ArmedFault | None:
        """Mark the armed fault ``attempt`` spent, and answer it (None: no fault hit it)."""
        if attempt.fault is None:
            return None
        names = {attempt.recipient, attempt.recipient_user_id}
        with self._lock:
            for fault in self._faults:
                if fault.fired_at is not None or fault.rule.preset != attempt.fault:
                    continue
                if fault.recipient is None or fault.recipient in names:
                    fault.fired_at = attempt.index
                    return fault
        return None

    @staticmethod
    def codes() -> list[int]:
        return list(OFFERED_CODES)

    def spent_by(self, index: int) -> ArmedFault | None:
        with self._lock:
            return next((f for f in self._faults if f.fired_at == index), None)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def to_dicts(self) -> list[dict[str, Any]]:
        with self._lock:
            return [fault.to_dict() for fault in self._faults]

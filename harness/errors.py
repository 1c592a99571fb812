"""The harness's own exceptions: one base, each message says what to do next."""

from __future__ import annotations

from collections.abc import Iterable


class HarnessError(Exception):
    """Base of every error the harness raises on purpose."""


class UsageError(HarnessError, ValueError):
    """A flag, option or argument is wrong; the message names the fix."""


class PayloadError(HarnessError, ValueError):
    """A recorded payload file cannot be read or parsed."""


class TargetError(HarnessError):
    """The implementation under test could not be loaded, started or reached."""


class TargetUnreachable(TargetError):
    """The target did not answer (refused, timed out, or died)."""


class CheckFailed(HarnessError, AssertionError):
    """A check's expectation was not met; pytest reports it as a failure, not an error."""

    def __init__(
        self, message: str, *, sends: Iterable[int] = (), judged_checks: Iterable[str] = ()
    ) -> None:
        super().__init__(message)
        # Indices of the send attempts that broke the rule, so reports can point at them.
        self.sends = tuple(sends)
        # Checks whose sends this judgement rests on: a reproducer must run them too.
        self.judged_checks = tuple(judged_checks)

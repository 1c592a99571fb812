"""Setups already seen failing for one cause: later checks with that setup fail at once.

A bot whose card never comes would otherwise make every check that needs the card wait
out the expected-effect timeout for it, one after the other. A cause counts as known once
the same setup failed with the same words twice in a row; one success forgets it, so a
setup that fails only now and then is still tried every time.
"""

from __future__ import annotations

from dataclasses import dataclass

# How many failures in a row, with the same cause, make the cause known.
REPEATS = 2


@dataclass(frozen=True, slots=True)
class KnownCause:
    """Why a setup fails, and the check that first showed it."""

    cause: str
    first_seen_in: str
    times: int


class KnownCauses:
    """Failed setups of the run, by a key naming what the setup does."""

    def __init__(self) -> None:
        self._seen: dict[str, KnownCause] = {}

    def known(self, setup: str) -> KnownCause | None:
        """The cause ``setup`` has failed with ``REPEATS`` times in a row, if any."""
        seen = self._seen.get(setup)
        return seen if seen is not None and seen.times >= REPEATS else None

    def failed(self, setup: str, cause: str, check_id: str) -> None:
        seen = self._seen.get(setup)
        if seen is not None and seen.cause == cause:
            self._seen[setup] = KnownCause(cause, seen.first_seen_in, seen.times + 1)
        else:
            self._seen[setup] = KnownCause(cause, check_id, 1)

    def succeeded(self, setup: str) -> None:
        self._seen.pop(setup, None)

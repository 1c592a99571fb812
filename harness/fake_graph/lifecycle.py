"""The start/stop lifecycle every front end of the fake shares, usable in a ``with``."""

from __future__ import annotations

import re
from types import TracebackType
from typing import Self


class Lifecycle:
    """``start()`` / ``stop()``, and a ``with`` block that calls them."""

    def start(self) -> Self:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def base_url_pattern(base: str) -> re.Pattern[str]:
    """Every URL under ``base`` (and nothing that merely starts with the same text)."""
    return re.compile(re.escape(base) + r"(?:[/?#].*)?\Z", re.DOTALL)

"""The 24-hour customer-service window: free-form messages only after the user wrote."""

from __future__ import annotations

WINDOW_S = 24 * 60 * 60


class CustomerServiceWindows:
    """When each user last wrote to the business; not thread-safe (the core holds a lock)."""

    def __init__(self) -> None:
        self._last_inbound: dict[str, float] = {}

    def open(self, wa_id: str, at: float) -> None:
        self._last_inbound[wa_id] = at

    def is_open(self, wa_id: str, now: float) -> bool:
        """True within 24 h (inclusive) of the user's last message."""
        opened = self._last_inbound.get(wa_id)
        return opened is not None and 0 <= now - opened <= WINDOW_S

    def opened_at(self, wa_id: str) -> float | None:
        """When ``wa_id`` last wrote, or None if never."""
        return self._last_inbound.get(wa_id)

    def clear(self) -> None:
        self._last_inbound.clear()

"""Contract tests and sandbox simulation for WhatsApp Cloud API operator flows."""

from __future__ import annotations

__version__ = "0.1.0"

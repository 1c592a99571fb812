"""Signed webhook notifications, built or recorded, and their delivery."""

from __future__ import annotations

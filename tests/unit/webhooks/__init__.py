"""Unit tests of the webhook simulator and the recorded payload corpus."""

from __future__ import annotations

"""Error objects for ``failed`` status webhooks, worded as the fake Graph API words them."""

from __future__ import annotations

from typing import Any

from harness.fake_graph.catalogue import load_catalogue
from harness.fake_graph.replies import status_error_object


def status_error(code: int) -> dict[str, Any]:
    """The error object Meta puts in ``statuses[].errors`` for ``code``."""
    return status_error_object(load_catalogue().get(code))

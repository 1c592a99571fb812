"""Error objects for ``failed`` status webhooks, worded as the fake Graph API words them."""

from __future__ import annotations

from typing import Any

from harness.fake_graph.catalogue import load_catalogue


def status_error(code: int) -> dict[str, Any]:
    """The error object Meta puts in ``statuses[].errors`` for ``code``."""
    catalogue = load_catalogue()
    spec = catalogue.get(code)
    return {
        "code": spec.code,
        "title": spec.title,
        "message": spec.title,
        "error_data": {"details": spec.details or spec.title},
        "href": catalogue.href,
    }

"""Meta's error objects: the Graph envelope of a refused call, and a failed status's errors[]."""

from __future__ import annotations

from typing import Any

from harness.cloud_api.catalogue import ErrorSpec, load_catalogue


def error_body(
    spec: ErrorSpec, *, fbtrace_id: str, details: str | None = None, **fields: str
) -> dict[str, Any]:
    """The Graph error envelope; ``fields`` fill the catalogue's message template."""
    error: dict[str, Any] = {
        "message": spec.message_text(details=details or spec.details or spec.title, **fields),
        "type": spec.type,
        "code": spec.code,
    }
    if spec.error_subcode is not None:
        error["error_subcode"] = spec.error_subcode
    if spec.is_transient is not None:
        error["is_transient"] = spec.is_transient
    if spec.error_data:
        error["error_data"] = {
            "messaging_product": "whatsapp",
            "details": details or spec.details or spec.title,
        }
    error["fbtrace_id"] = fbtrace_id
    return {"error": error}


def status_error(error: ErrorSpec | int | str, *, details: str | None = None) -> dict[str, Any]:
    """One ``statuses[].errors[]`` item: code, title twice, details, href; no type or trace."""
    spec = error if isinstance(error, ErrorSpec) else load_catalogue().get(error)
    return {
        "code": spec.code,
        "title": spec.title,
        "message": spec.title,
        "error_data": {"details": details or spec.details or spec.title},
        "href": load_catalogue().href,
    }

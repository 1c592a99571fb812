"""Status items (``value.statuses[]``): sent, delivered, read, failed, and their pricing."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

STATUSES = ("sent", "delivered", "read", "failed", "played")

# Per-message pricing (M-ST, since 2025-07-01). A free-form reply exists only inside the
# customer-service window, which makes it free; a template's category is not known to the
# fake, so it reports the commonest (utility).
SERVICE_PRICING: Mapping[str, Any] = {
    "billable": False,
    "pricing_model": "PMP",
    "type": "free_customer_service",
    "category": "service",
}
TEMPLATE_PRICING: Mapping[str, Any] = {
    "billable": True,
    "pricing_model": "PMP",
    "type": "regular",
    "category": "utility",
}
# Pricing rides on sent and on one of delivered/read, never on failures (M-ST, CAP-A).
PRICED_STATUSES = ("sent", "delivered")


def pricing_for(status: str, *, template: bool) -> dict[str, Any] | None:
    """The ``pricing`` object a status of this kind carries, or None."""
    if status not in PRICED_STATUSES:
        return None
    return dict(TEMPLATE_PRICING if template else SERVICE_PRICING)


def status_item(
    status: str,
    *,
    wamid: str,
    timestamp: str,
    recipient_id: str | None,
    recipient_user_id: str | None = None,
    pricing: Mapping[str, Any] | None = None,
    errors: Sequence[Mapping[str, Any]] | None = None,
    biz_opaque_callback_data: str | None = None,
) -> dict[str, Any]:
    """One ``statuses[]`` item in Meta's key order; ``errors`` only on ``failed``."""
    item: dict[str, Any] = {"id": wamid, "status": status, "timestamp": timestamp}
    if recipient_id is not None:
        item["recipient_id"] = recipient_id
    if recipient_user_id is not None:
        item["recipient_user_id"] = recipient_user_id
    if biz_opaque_callback_data is not None:
        item["biz_opaque_callback_data"] = biz_opaque_callback_data
    if pricing is not None:
        item["pricing"] = dict(pricing)
    if errors is not None:
        item["errors"] = [copy.deepcopy(dict(error)) for error in errors]
    return item

"""The whatsapp_business_account envelope every notification travels in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Meta's documentation example ids; the recorded corpus is built around them.
DEFAULT_PHONE_NUMBER_ID = "106540352242922"
DEFAULT_DISPLAY_PHONE_NUMBER = "15550001111"
DEFAULT_WABA_ID = "102290129340398"


@dataclass(frozen=True, slots=True)
class BusinessNumber:
    """The business side of a notification: which number and account it is about."""

    phone_number_id: str = DEFAULT_PHONE_NUMBER_ID
    display_phone_number: str = DEFAULT_DISPLAY_PHONE_NUMBER
    waba_id: str = DEFAULT_WABA_ID


def wrap_value(
    value_fields: dict[str, Any], business: BusinessNumber, *, field: str = "messages"
) -> dict[str, Any]:
    """One entry, one change of ``field``, with ``value`` = metadata plus ``value_fields``."""
    value = {
        "messaging_product": "whatsapp",
        "metadata": {
            "display_phone_number": business.display_phone_number,
            "phone_number_id": business.phone_number_id,
        },
        **value_fields,
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": business.waba_id, "changes": [{"value": value, "field": field}]}],
    }


def wrap_statuses(
    statuses: list[dict[str, Any]],
    business: BusinessNumber,
    *,
    contacts: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A status notification; since April 2026 ``contacts`` comes first (M-BSUID, CAP-A)."""
    fields: dict[str, Any] = {"contacts": contacts} if contacts else {}
    return wrap_value({**fields, "statuses": statuses}, business)

"""Who a send is addressed to (``to``, ``recipient`` or both), and how an accepted one is answered.

Since May 2026 Meta accepts ``recipient`` (a business-scoped user id) instead of ``to``, or
both, and then ``to`` wins (docs/cloud-api.md, M-BSUID "Send message requests"). The error
envelope of a refused send is in ``cloud_api``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_PUNCTUATION = re.compile(r"[+\s\-()]")


def wa_id_from(to: str) -> str:
    """Strip ``+``, spaces, dashes and parentheses; Meta accepts all of them in ``to``."""
    return _PUNCTUATION.sub("", to)


@dataclass(frozen=True, slots=True)
class Addressee:
    """The identifier a send names and how: ``field`` is ``"to"`` or ``"recipient"``."""

    field: str
    given: str

    @property
    def key(self) -> str:
        """The identifier as Meta matches it: phone digits, or the BSUID as given."""
        return wa_id_from(self.given) if self.field == "to" else self.given


def addressee_of(payload: Any) -> Addressee | None:
    """``to`` when present (it wins over ``recipient``), else ``recipient``, else None."""
    if not isinstance(payload, Mapping):
        return None
    for name in ("to", "recipient"):
        value = payload.get(name)
        if isinstance(value, str) and value:
            return Addressee(name, value)
    return None


class Directory:
    """Which phone number and BSUID belong to the same user; not thread-safe (core locks).

    The harness tells the fake who wrote (the sender's ``from`` and ``from_user_id``), so a
    send by either identifier reaches, and is judged for, the same person.
    """

    def __init__(self) -> None:
        self._phone_of: dict[str, str] = {}
        self._user_id_of: dict[str, str] = {}

    def link(self, wa_id: str | None, user_id: str | None) -> None:
        if wa_id and user_id:
            self._phone_of[user_id] = wa_id_from(wa_id)
            self._user_id_of[wa_id_from(wa_id)] = user_id

    def person(self, key: str) -> str:
        """The one key a user is known by: the phone when known, else the BSUID."""
        return self._phone_of.get(key, key)

    def user_id(self, key: str) -> str | None:
        """The BSUID of ``key`` (itself when it is one), if known."""
        if key in self._phone_of:
            return key
        return self._user_id_of.get(key)

    def clear(self) -> None:
        self._phone_of.clear()
        self._user_id_of.clear()


def success_body(addressee: Addressee, wamid: str, *, template: bool) -> dict[str, Any]:
    """HTTP 200 for an accepted send; ``message_status`` appears for templates only.

    A phone send (or one naming both ``to`` and ``recipient``) is echoed as ``{input,
    wa_id}``; a BSUID send as ``{input, user_id}``, with no ``wa_id`` (M-BSUID, "Send
    message response").
    """
    message: dict[str, Any] = {"id": wamid}
    if template:
        message["message_status"] = "accepted"
    id_field = "wa_id" if addressee.field == "to" else "user_id"
    return {
        "messaging_product": "whatsapp",
        "contacts": [{"input": addressee.given, id_field: addressee.key}],
        "messages": [message],
    }


def read_receipt_body() -> dict[str, Any]:
    """HTTP 200 for a mark-as-read (or typing indicator) call."""
    return {"success": True}

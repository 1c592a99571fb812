"""The status webhooks an accepted send owes, in today's shape (docs/cloud-api.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.cloud_api.contacts import FailedContacts, StatusContacts, status_contacts
from harness.cloud_api.envelope import BusinessNumber, wrap_statuses
from harness.cloud_api.error_bodies import status_error
from harness.cloud_api.statuses import pricing_for, status_item

PROGRESS = ("sent", "delivered", "read")


@dataclass(frozen=True, slots=True)
class SentMessage:
    """What the fake knows about one accepted send when it owes statuses for it."""

    wamid: str
    timestamp: str
    # The user's phone digits when known, else None (a username-only user).
    wa_id: str | None
    user_id: str | None
    by_user_id: bool
    template: bool
    callback: str | None


def owed_notifications(
    sent: SentMessage,
    business: BusinessNumber,
    *,
    failure: str | None,
    progress: bool,
    contacts: StatusContacts = StatusContacts.BARE,
    failed_contacts: FailedContacts = FailedContacts.NONE,
) -> list[dict[str, Any]]:
    """One notification per status: ``failed`` for ``failure``, else sent/delivered/read
    when ``progress``; none otherwise.

    ``recipient_user_id`` is on every progress status, and on a failure only for a BSUID
    send; ``recipient_id`` is omitted when the phone may not be shown (M-BSUID).
    """
    names = ("failed",) if failure is not None else PROGRESS if progress else ()
    found = []
    for name in names:
        failed = name == "failed"
        bsuid = sent.user_id if not failed or sent.by_user_id else None
        item = status_item(
            name,
            wamid=sent.wamid,
            timestamp=sent.timestamp,
            recipient_id=sent.wa_id,
            recipient_user_id=bsuid,
            biz_opaque_callback_data=sent.callback,
            pricing=pricing_for(name, template=sent.template),
            errors=[status_error(failure)] if failure is not None else None,
        )
        shape = failed_contacts if failed else contacts
        who = status_contacts(name, shape, wa_id=sent.wa_id, user_id=bsuid)
        found.append(wrap_statuses([item], business, contacts=who))
    return found

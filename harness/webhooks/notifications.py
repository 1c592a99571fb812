"""Build inbound webhook notifications (messages and statuses) as Meta would send them."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from harness.clock import Clock
from harness.cloud_api.contacts import FailedContacts, StatusContacts, contact, status_contacts
from harness.cloud_api.envelope import BusinessNumber, wrap_statuses, wrap_value
from harness.cloud_api.error_bodies import status_error
from harness.cloud_api.ids import user_id, wamid
from harness.cloud_api.notices import system_message, user_id_update, value_error
from harness.cloud_api.statuses import STATUSES, pricing_for, status_item
from harness.errors import UsageError
from harness.webhooks.batching import BatchShape, merge_notifications
from harness.webhooks.people import People, Person

__all__ = ["BatchShape", "NotificationFactory", "merge_notifications"]


class NotificationFactory:
    """Deterministic notifications for one seed; every inbound message gets a fresh wamid."""

    def __init__(
        self,
        *,
        business: BusinessNumber = BusinessNumber(),  # noqa: B008 - frozen dataclass, safe default
        seed: int = 0,
        clock: Clock | None = None,
        legacy: bool = False,
    ) -> None:
        self.business = business
        self.seed = seed
        self.clock = clock if clock is not None else Clock()
        self.legacy = legacy
        self._people = People(seed=seed)
        self._counter = itertools.count()

    def __repr__(self) -> str:
        return f"NotificationFactory(seed={self.seed}, business={self.business!r})"

    # People

    def operator(self, index: int = 0) -> Person:
        """The ``index``-th fake operator (the business user who taps the buttons)."""
        return self._people.person("operator", index)

    def prospect(self, index: int | str = 0) -> Person:
        """The fake prospect under ``index`` (the person an opportunity is about)."""
        return self._people.person("prospect", index)

    # Building blocks

    def new_wamid(self, wa_id: str) -> str:
        """A message id never returned before by this factory."""
        return wamid(seed=self.seed, counter=next(self._counter), wa_id=wa_id)

    def contact(
        self, wa_id: str, *, name: str | None = None, legacy: bool | None = None
    ) -> dict[str, Any]:
        """A ``contacts[]`` item; ``user_id`` is left out for legacy (pre-BSUID) payloads."""
        return contact(
            wa_id=wa_id,
            user_id=None if self._is_legacy(legacy) else user_id(seed=self.seed, wa_id=wa_id),
            name=name if name is not None else self._people.name_for(wa_id),
        )

    def message_item(
        self,
        *,
        from_wa_id: str,
        type: str,  # named as on the wire, though it shadows the builtin
        content: Mapping[str, Any] | None = None,
        context_id: str | None = None,
        message_id: str | None = None,
        errors: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """One bare ``messages[]`` item; ``content`` goes under the key named by ``type``."""
        item: dict[str, Any] = {}
        if context_id is not None:
            item["context"] = {"from": self.business.display_phone_number, "id": context_id}
        item["from"] = from_wa_id
        item["id"] = message_id if message_id is not None else self.new_wamid(from_wa_id)
        item["timestamp"] = self.clock.timestamp()
        item["type"] = type
        if errors is not None:
            item["errors"] = copy.deepcopy(errors)
        if content is not None:
            item[type] = copy.deepcopy(dict(content))
        return item

    def inbound(
        self, item: Mapping[str, Any], *, name: str | None = None, legacy: bool | None = None
    ) -> dict[str, Any]:
        """A notification carrying one message item and its sender's contact.

        Unless ``legacy``, the item carries ``from_user_id`` right after ``from``, as every
        inbound message has since 2026 (M-BSUID "Incoming messages webhooks"; CAP-B).
        """
        contact = self.contact(str(item["from"]), name=name, legacy=legacy)
        message = dict(item)
        if "user_id" in contact and "from_user_id" not in message:
            message = _after(message, "from", "from_user_id", contact["user_id"])
        return wrap_value({"contacts": [contact], "messages": [message]}, self.business)

    # Inbound messages

    def text(
        self,
        *,
        from_wa_id: str,
        body: str,
        name: str | None = None,
        context_id: str | None = None,
        legacy: bool | None = None,
    ) -> dict[str, Any]:
        """A user's text message."""
        item = self.message_item(
            from_wa_id=from_wa_id, type="text", content={"body": body}, context_id=context_id
        )
        return self.inbound(item, name=name, legacy=legacy)

    def button_reply(
        self,
        *,
        from_wa_id: str,
        reply_id: str,
        title: str,
        context_id: str | None = None,
        name: str | None = None,
        legacy: bool | None = None,
    ) -> dict[str, Any]:
        """A tap on an interactive reply button; ``context`` points at the card's wamid."""
        interactive = {"type": "button_reply", "button_reply": {"id": reply_id, "title": title}}
        return self._interactive(from_wa_id, interactive, context_id, name, legacy)

    def list_reply(
        self,
        *,
        from_wa_id: str,
        reply_id: str,
        title: str,
        description: str | None = None,
        context_id: str | None = None,
        name: str | None = None,
        legacy: bool | None = None,
    ) -> dict[str, Any]:
        """A tap on a list row; ``description`` is only present when the row had one."""
        row = {"id": reply_id, "title": title}
        if description is not None:
            row["description"] = description
        interactive = {"type": "list_reply", "list_reply": row}
        return self._interactive(from_wa_id, interactive, context_id, name, legacy)

    def template_button(
        self,
        *,
        from_wa_id: str,
        payload: str,
        text: str,
        context_id: str | None = None,
        name: str | None = None,
        legacy: bool | None = None,
    ) -> dict[str, Any]:
        """A tap on a template quick-reply button: top-level ``type: "button"``."""
        item = self.message_item(
            from_wa_id=from_wa_id,
            type="button",
            content={"payload": payload, "text": text},
            context_id=context_id or self._business_message_id(from_wa_id),
        )
        return self.inbound(item, name=name, legacy=legacy)

    def unsupported(
        self,
        *,
        from_wa_id: str,
        unsupported_type: str = "poll_update",
        code: int = 131051,
        name: str | None = None,
        legacy: bool | None = None,
    ) -> dict[str, Any]:
        """A message type the Cloud API does not pass on (facts 4.3, [M-whuns])."""
        error = status_error(code)
        error.pop("href")  # Meta's unsupported-message example carries no href
        item = self.message_item(
            from_wa_id=from_wa_id,
            type="unsupported",
            content={"type": unsupported_type},
            errors=[error],
        )
        return self.inbound(item, name=name, legacy=legacy)

    # Statuses

    def status_item(
        self,
        *,
        wamid: str,
        recipient_id: str,
        status: str,
        error: int | Mapping[str, Any] | None = None,
        with_pricing: bool = True,
        by_user_id: bool = False,
        phone_hidden: bool = False,
    ) -> dict[str, Any]:
        """One ``statuses[]`` item; ``error`` (a code or an error object) only for ``failed``.

        ``recipient_user_id`` is set on sent/delivered/read, and on failed only for a send by
        BSUID (``by_user_id``); ``recipient_id`` is omitted for a BSUID send whose phone may
        not be shown (M-BSUID, status webhooks). Legacy statuses have neither BSUID field.
        """
        if status not in STATUSES:
            raise UsageError(f"status {status!r} is not one of: {', '.join(STATUSES)}")
        if (status == "failed") != (error is not None):
            raise UsageError("pass error= exactly when status is 'failed'")
        errors = None
        if error is not None:
            errors = [status_error(error) if isinstance(error, int) else dict(error)]
        bsuid = None
        if not self.legacy and (status != "failed" or by_user_id):
            bsuid = user_id(seed=self.seed, wa_id=recipient_id)
        return status_item(
            status,
            wamid=wamid,
            timestamp=self.clock.timestamp(),
            recipient_id=None if by_user_id and phone_hidden else recipient_id,
            recipient_user_id=bsuid,
            pricing=pricing_for(status, template=False) if with_pricing else None,
            errors=errors,
        )

    def status(
        self,
        *,
        wamid: str,
        recipient_id: str,
        status: str,
        error: int | Mapping[str, Any] | None = None,
        with_pricing: bool = True,
        contacts: StatusContacts | FailedContacts | str | None = None,
        by_user_id: bool = False,
        phone_hidden: bool = False,
    ) -> dict[str, Any]:
        """A status notification about a message the business sent.

        ``contacts`` picks the shape of ``value.contacts``: for sent/delivered/read
        ``bare`` (the default, as captured), ``profile`` (as documented) or ``none``; for
        failed ``none`` (the default, as documented) or ``wa_id_only`` (as captured).
        Legacy factories send no contacts.
        """
        item = self.status_item(
            wamid=wamid,
            recipient_id=recipient_id,
            status=status,
            error=error,
            with_pricing=with_pricing,
            by_user_id=by_user_id,
            phone_hidden=phone_hidden,
        )
        default = FailedContacts.NONE if status == "failed" else StatusContacts.BARE
        shape = StatusContacts.NONE if self.legacy and status != "failed" else contacts or default
        found = status_contacts(
            status,
            shape,
            wa_id=None if phone_hidden else recipient_id,
            user_id=item.get("recipient_user_id"),
            name=self._people.name_for(recipient_id),
        )
        return wrap_statuses([item], self.business, contacts=found)

    # Notifications without a sender's contact

    def system(
        self, *, wa_id: str, system_type: str = "user_changed_user_id", new_wa_id: str | None = None
    ) -> dict[str, Any]:
        """A system message: the user at ``wa_id`` moved to ``new_wa_id`` (default: a new
        number) and with it to a new BSUID; no ``contacts`` (M-BSUID, M-SYS)."""
        new_wa_id = new_wa_id or wa_id[:-4] + str((int(wa_id[-4:]) + 1) % 10000).zfill(4)
        item = system_message(
            system_type=system_type,
            message_id=self.new_wamid(wa_id),
            timestamp=self.clock.timestamp(),
            old_wa_id=wa_id,
            old_user_id=user_id(seed=self.seed, wa_id=wa_id),
            new_wa_id=new_wa_id,
            new_user_id=user_id(seed=self.seed, wa_id=new_wa_id),
            name=self._people.name_for(wa_id),
        )
        return wrap_value({"messages": [item]}, self.business)

    def errors(self, code: int = 130429) -> dict[str, Any]:
        """A ``value.errors`` notification: an app-level failure, no messages (M-ERRWH)."""
        return wrap_value({"errors": [value_error(code)]}, self.business)

    def user_id_update(self, *, wa_id: str, phone_hidden: bool = False) -> dict[str, Any]:
        """A ``user_id_update`` notification: the user's BSUID was rotated (M-BSUID)."""
        previous = user_id(seed=self.seed, wa_id=wa_id)
        current = user_id(seed=self.seed + 1, wa_id=wa_id)
        shown = None if phone_hidden else wa_id
        who = contact(wa_id=shown, user_id=current, name=self._people.name_for(wa_id))
        update = user_id_update(
            wa_id=shown, previous=previous, current=current, timestamp=self.clock.timestamp()
        )
        value = {"contacts": [who], "user_id_update": [update]}
        return wrap_value(value, self.business, field="user_id_update")

    def as_username_user(
        self, notification: Mapping[str, Any], *, username: str, phone_hidden: bool = True
    ) -> dict[str, Any]:
        """``notification`` from a user who adopted ``username``: ``profile.username`` is set
        and, with ``phone_hidden``, ``wa_id`` and ``from`` are gone, leaving only the BSUID
        (M-BSUID, "Phone numbers"; CAP-C)."""
        changed = copy.deepcopy(dict(notification))
        for entry in changed["entry"]:
            for change in entry["changes"]:
                value = change["value"]
                for item in value.get("contacts", []):
                    item.setdefault("profile", {})["username"] = username
                    if phone_hidden:
                        item.pop("wa_id", None)
                if phone_hidden:
                    for message in value.get("messages", []):
                        message.pop("from", None)
        return changed

    # Batches

    def batch(
        self, notifications: Iterable[Mapping[str, Any]], *, shape: BatchShape = BatchShape.ENTRIES
    ) -> dict[str, Any]:
        """Several notifications merged into one POST body, as Meta batches them."""
        return merge_notifications(notifications, shape=shape)

    # Internals

    def _interactive(
        self,
        from_wa_id: str,
        interactive: dict[str, Any],
        context_id: str | None,
        name: str | None,
        legacy: bool | None,
    ) -> dict[str, Any]:
        item = self.message_item(
            from_wa_id=from_wa_id,
            type="interactive",
            content=interactive,
            context_id=context_id or self._business_message_id(from_wa_id),
        )
        return self.inbound(item, name=name, legacy=legacy)

    def _business_message_id(self, wa_id: str) -> str:
        # A tap always quotes the message that held the control; invent one when not given.
        return self.new_wamid(wa_id)

    def _is_legacy(self, legacy: bool | None) -> bool:
        return self.legacy if legacy is None else legacy


def _after(item: dict[str, Any], key: str, new_key: str, value: Any) -> dict[str, Any]:
    # Key order is part of the wire shape replayed byte for byte.
    out: dict[str, Any] = {}
    for name, existing in item.items():
        out[name] = existing
        if name == key:
            out[new_key] = value
    return out

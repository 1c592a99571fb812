"""The operator flow: opt-in ledger, opportunities, drafts, alerts, and every decision.

All state lives on one ``OperatorFlow`` object (one per app). A re-entrant lock serialises
the handling of each command and webhook item, sends included: that keeps dedupe and the
"send a draft once" rule atomic, and the Graph timeout bounds how long the lock is held.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, TypeVar

from .cards import build_draft_card, build_opportunity_card, build_text_message
from .drafting import compose_draft_text, draft_id_for
from .graph_client import GraphClient, SendResult, coerce_error_code
from .notifications import Event, iter_events
from .records import (
    INTENT_CONFIRMED,
    Alert,
    Draft,
    DraftStatus,
    MeetingDraft,
    Opportunity,
    OpportunityStatus,
    OptIn,
    _dicts,
    _text,
    list_drafts,
    normalize_wa_id,
)
from .replies import parse_button_reply
from .reply_ids import DRAFT_PREFIX, OPPORTUNITY_PREFIX, reply_key

_Record = TypeVar("_Record")

log = logging.getLogger(__name__)


class OperatorFlow:
    """Decides what to send for each control command and each webhook item."""

    def __init__(self, client: GraphClient, *, live_send_default: bool = False) -> None:
        """Start empty, with live sending at its configured default."""
        self._client = client
        self._live_send_default = live_send_default
        self._lock = threading.RLock()
        self._clear()

    def _clear(self) -> None:
        """Forget everything; live sending back to its default."""
        self._live_send = self._live_send_default
        self._opt_ins: dict[str, OptIn] = {}
        self._opportunities: dict[str, Opportunity] = {}
        self._drafts: dict[str, Draft] = {}
        # Digest forms of over-long ids, in case the parser no longer remembers them.
        self._aliases: dict[tuple[str, str], str] = {}
        self._alerts: list[Alert] = []
        self._seen_messages: set[str] = set()
        self._seen_failures: set[str] = set()
        self._sent: dict[str, dict[str, str]] = {}
        # Business-scoped user id -> phone, learned when a message carried both: the same
        # user may later write with the phone hidden (a username user).
        self._phone_of: dict[str, str] = {}

    # -- control side ---------------------------------------------------------------------

    def reset(self) -> None:
        """Forget every opt-in, opportunity, draft, alert and seen message id."""
        with self._lock:
            self._clear()

    def opt_in(self, wa_id: str, source: str | None = None, *, user_id: str = "") -> None:
        """Put a user on the opt-in ledger by phone (``wa_id``), BSUID (``user_id``) or both."""
        with self._lock:
            for ident in (wa_id, user_id):
                if ident:
                    self._opt_ins[normalize_wa_id(ident)] = OptIn(ident, source)
            if wa_id and user_id:
                self._phone_of[user_id] = normalize_wa_id(wa_id)

    def is_opted_in(self, wa_id: str) -> bool:
        """Whether the user ``wa_id`` names (a phone or a BSUID) is on the ledger."""
        with self._lock:
            return bool(wa_id) and self._person(wa_id) in {
                self._person(ident) for ident in self._opt_ins
            }

    @property
    def live_send(self) -> bool:
        """Whether approved drafts may actually go to prospects."""
        return self._live_send

    def set_live_send(self, enabled: bool) -> None:
        """Switch live sending for this run."""
        with self._lock:
            self._live_send = enabled

    def alerts(self) -> list[dict[str, Any]]:
        """What the operator UI shows, oldest first."""
        with self._lock:
            return [alert.to_dict() for alert in self._alerts]

    def drafts(self) -> list[dict[str, Any]]:
        """Every draft: message drafts with their state, and meeting drafts."""
        with self._lock:
            return list_drafts(self._drafts.values(), self._opportunities.values())

    def opportunity(self, opportunity_id: str) -> Opportunity | None:
        """The record of one opportunity, for inspection."""
        with self._lock:
            return self._find(OPPORTUNITY_PREFIX, self._opportunities, opportunity_id)

    def draft(self, draft_id: str) -> Draft | None:
        """The record of one draft, for inspection."""
        with self._lock:
            return self._find(DRAFT_PREFIX, self._drafts, draft_id)

    def present_opportunity(self, operator: str, opportunity: dict[str, Any]) -> dict[str, Any]:
        """Send the step-1 card to ``operator``, only if the operator is opted in."""
        opportunity_id = str(opportunity["id"])
        with self._lock:
            if not self.is_opted_in(operator):
                self._alert(
                    None,
                    f"opportunity card not sent: operator {operator} is not opted in",
                    operator,
                    "send_blocked",
                    opportunity_id=opportunity_id,
                )
                return {"status": "blocked", "reason": "operator not opted in"}
            prospect = opportunity.get("prospect")
            record = self._opportunities.get(opportunity_id)
            if record is None:
                record = Opportunity(opportunity_id, operator, opportunity, "")
                self._opportunities[opportunity_id] = record
                self._remember_alias(OPPORTUNITY_PREFIX, opportunity_id)
            # Presenting again re-assigns the card but keeps the decision already taken.
            record.operator = operator
            record.data = opportunity
            record.prospect_wa_id = (
                _text(prospect.get("wa_id")) if isinstance(prospect, dict) else ""
            )
            card = build_opportunity_card(opportunity)
            result = self._send(operator, card, "opportunity card", opportunity_id=opportunity_id)
            return self._outcome(result)

    # -- webhook side ---------------------------------------------------------------------

    def handle_notification(self, payload: Any) -> None:
        """Act on every item of a verified webhook; one bad item never stops the others."""
        for event in iter_events(payload):
            try:
                self.handle_event(event)
            except Exception:
                # The webhook must still answer 200, or Meta redelivers the whole batch.
                log.exception("failed to handle a webhook %s", event.kind)

    def handle_event(self, event: Event) -> None:
        """Dispatch one message, status or error."""
        with self._lock:
            if event.kind == "message":
                self._on_message(event.item)
            elif event.kind == "status":
                self._on_status(event.item)
            else:
                self._on_webhook_error(event.item)

    def _on_message(self, message: dict[str, Any]) -> None:
        """Act once per inbound message id, and only on our own reply ids."""
        message_id = message.get("id")
        if isinstance(message_id, str) and message_id:
            if message_id in self._seen_messages:
                log.debug("duplicate delivery of %s ignored", message_id)
                return
            self._seen_messages.add(message_id)
        sender = self._sender_of(message)
        reply = parse_button_reply(message)
        if reply is None:
            log.debug("no action for a %r message from %s", message.get("type"), sender)
            return
        if reply["kind"] == "opportunity":
            self._on_opportunity_reply(sender, reply["action"], reply["opportunity_id"], message_id)
        else:
            self._on_draft_reply(sender, reply["action"], reply["draft_id"])

    def _sender_of(self, message: dict[str, Any]) -> str:
        """Who wrote: the phone (``from``), else the business-scoped user id.

        A username user whose phone may not be shown has no ``from``, only
        ``from_user_id``; when both come, they are remembered as one person.
        """
        phone, user_id = _text(message.get("from")), _text(message.get("from_user_id"))
        if phone and user_id:
            self._phone_of[user_id] = normalize_wa_id(phone)
        return phone or user_id

    def _on_opportunity_reply(
        self, sender: str, action: str, opportunity_id: str, message_id: Any
    ) -> None:
        """accept / skip / draft / schedule on a step-1 card."""
        record = self._find(OPPORTUNITY_PREFIX, self._opportunities, opportunity_id)
        if record is None:
            log.debug("tap %s on unknown opportunity %r ignored", action, opportunity_id)
            return
        if not self._same_person(sender, record.operator):
            log.info("tap on opportunity %r from %s ignored: not its operator", record.id, sender)
            return
        if action == "skip":
            record.status = OpportunityStatus.SKIPPED
            draft = self._drafts.get(draft_id_for(record.id))
            if draft is not None and draft.status is DraftStatus.PENDING:
                # A skipped opportunity must not leave an approvable message behind.
                draft.status = DraftStatus.CANCELLED
            return
        if action == "schedule":
            self._schedule(record, sender, message_id)
            return
        if action == "accept":
            record.status = OpportunityStatus.ACCEPTED
        elif record.status is not OpportunityStatus.ACCEPTED:
            record.status = OpportunityStatus.DRAFTED
        self._open_draft(record)

    def _schedule(self, record: Opportunity, sender: str, message_id: Any) -> None:
        """Record a meeting draft, only once intent is confirmed; never send anything."""
        if record.status not in INTENT_CONFIRMED:
            self._alert(
                None,
                f"scheduling refused for opportunity {record.id}: accept or draft first",
                sender,
                "refused",
                opportunity_id=record.id,
            )
            return
        meeting = MeetingDraft(
            record.id, sender, message_id if isinstance(message_id, str) else None
        )
        record.meetings.append(meeting)
        log.info("meeting draft recorded for opportunity %r", record.id)

    def _open_draft(self, record: Opportunity) -> None:
        """Create (or reopen) the opportunity's draft and send the step-2 card to its operator."""
        draft_id = draft_id_for(record.id)
        draft = self._drafts.get(draft_id)
        if draft is None:
            draft = Draft(
                id=draft_id,
                opportunity_id=record.id,
                operator=record.operator,
                prospect_wa_id=record.prospect_wa_id,
                text=compose_draft_text(record.data),
            )
            self._drafts[draft_id] = draft
            self._remember_alias(DRAFT_PREFIX, draft_id)
        elif draft.status is DraftStatus.SENT:
            log.info("draft %r already went to the prospect; no new card", draft_id)
            return
        else:
            # An explicit accept or draft tap is a new decision: it reopens a cancelled draft,
            # addressed to whoever holds the opportunity now.
            draft.status = DraftStatus.PENDING
            draft.operator = record.operator
            draft.prospect_wa_id = record.prospect_wa_id
        card = build_draft_card({"id": draft.id, "opportunity_id": record.id, "text": draft.text})
        self._send(draft.operator, card, "draft card", draft_id=draft.id)

    def _on_draft_reply(self, sender: str, action: str, draft_id: str) -> None:
        """approve / edit / cancel on a step-2 card."""
        draft = self._find(DRAFT_PREFIX, self._drafts, draft_id)
        if draft is None:
            log.debug("tap %s on unknown draft %r ignored", action, draft_id)
            return
        if not self._same_person(sender, draft.operator):
            log.info("tap on draft %r from %s ignored: not its operator", draft.id, sender)
            return
        if draft.status is not DraftStatus.PENDING:
            log.info("tap %s on %s draft %r ignored", action, draft.status, draft.id)
            return
        if action == "cancel":
            draft.status = DraftStatus.CANCELLED
        elif action == "edit":
            # Editing happens in the operator UI; the draft simply waits for a new approval.
            draft.edit_requested = True
        else:
            self._approve(draft)

    def _approve(self, draft: Draft) -> None:
        """Send the draft to the prospect only with live sending on and the prospect opted in."""
        prospect = draft.prospect_wa_id
        reasons = []
        if not self._live_send:
            reasons.append("live sending is off (WHATSAPP_ALLOW_LIVE_SEND)")
        if not prospect:
            reasons.append("the opportunity has no prospect number")
        elif not self.is_opted_in(prospect):
            reasons.append(f"prospect {prospect} is not opted in")
        if reasons:
            self._alert(
                None,
                f"draft {draft.id} not sent: " + "; ".join(reasons),
                prospect or None,
                "send_blocked",
                draft_id=draft.id,
            )
            return
        result = self._send(prospect, build_text_message(draft.text), "draft", draft_id=draft.id)
        if result is not None and result.ok:
            draft.status = DraftStatus.SENT

    def _on_status(self, status: dict[str, Any]) -> None:
        """A ``failed`` status becomes one alert per error; other statuses need nothing."""
        if status.get("status") != "failed":
            return
        message_id = _text(status.get("id"))
        if message_id:
            if message_id in self._seen_failures:
                return
            self._seen_failures.add(message_id)
        recipient = _text(status.get("recipient_id")) or None
        context = {"message_id": message_id, **self._sent.get(message_id, {})}
        for error in _dicts(status.get("errors")) or [{}]:
            title = _text(error.get("title")) or _text(error.get("message")) or "delivery failed"
            error_data = error.get("error_data")
            details = _text(error_data.get("details")) if isinstance(error_data, dict) else ""
            text = f"message to {recipient} failed: {title}" + (f" ({details})" if details else "")
            self._alert(
                coerce_error_code(error.get("code")),
                text,
                recipient,
                "delivery_failed",
                title=title,
                **context,
            )

    def _on_webhook_error(self, error: dict[str, Any]) -> None:
        """Account-level errors (``value.errors``) are shown to the operator too."""
        title = _text(error.get("title")) or _text(error.get("message")) or "WhatsApp error"
        self._alert(coerce_error_code(error.get("code")), title, None, "webhook_error")

    # -- helpers --------------------------------------------------------------------------

    def _send(
        self, to: str, message: dict[str, Any], what: str, **context: str
    ) -> SendResult | None:
        """The only way out: checks the ledger first, turns a refusal into an alert."""
        if not self.is_opted_in(to):
            self._alert(
                None, f"{what} not sent: {to} is not opted in", to, "send_blocked", **context
            )
            return None
        result = self._client.send(to, message)
        if result.ok:
            if result.message_id:
                self._sent[result.message_id] = {"sent": what, **context}
            return result
        reason = result.error_message or "no answer from the Graph API"
        if result.error_details:
            reason += f" ({result.error_details})"
        self._alert(
            result.error_code, f"{what} to {to} failed: {reason}", to, "send_failed", **context
        )
        return result

    def _alert(
        self, code: int | None, message: str, wa_id: str | None, kind: str, **context: Any
    ) -> None:
        """Record an alert for the operator UI."""
        log.warning("alert (code %s): %s", code, message)
        self._alerts.append(Alert(code, message, wa_id, kind, context))

    def _remember_alias(self, prefix: str, ident: str) -> None:
        """Index an over-long id by the digest form its reply ids carry."""
        key = reply_key(prefix, ident)
        if key != ident:
            self._aliases[(prefix, key)] = ident

    def _find(self, prefix: str, records: dict[str, _Record], ident: str) -> _Record | None:
        """A record by its id or by the digest form of its id."""
        if ident in records:
            return records[ident]
        return records.get(self._aliases.get((prefix, ident), ""))

    def _same_person(self, sender: str, operator: str) -> bool:
        """Whether a tap comes from the operator who received the card."""
        return bool(sender) and self._person(sender) == self._person(operator)

    def _person(self, ident: str) -> str:
        """One key per user: the phone when known, else the business-scoped user id."""
        key = normalize_wa_id(ident)
        return self._phone_of.get(key, key)

    @staticmethod
    def _outcome(result: SendResult | None) -> dict[str, Any]:
        """The control answer for one send."""
        if result is None:
            return {"status": "blocked"}
        if result.ok:
            return {"status": "sent", "message_id": result.message_id}
        return {"status": "failed", "code": result.error_code}

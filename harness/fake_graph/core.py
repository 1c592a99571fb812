"""``FakeGraph``: the one stateful, transport-agnostic fake of Meta's /messages endpoint."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from harness.clock import Clock
from harness.cloud_api.catalogue import load_catalogue
from harness.cloud_api.envelope import DEFAULT_PHONE_NUMBER_ID, BusinessNumber
from harness.cloud_api.error_bodies import error_body
from harness.cloud_api.ids import IdSource
from harness.errors import UsageError
from harness.fake_graph import recipients
from harness.fake_graph.faults import FaultBook, FaultRule
from harness.fake_graph.holds import Holds
from harness.fake_graph.journal import NO_ANSWER, GraphReply, Journal, JournalCounts, SendAttempt
from harness.fake_graph.lifecycle import LostWork
from harness.fake_graph.send_limits import CustomerServiceWindows, TemplateRegistry, ThroughputLimit
from harness.fake_graph.status_webhooks import SentMessage, owed_notifications
from harness.fake_graph.validation import (
    Violation,
    iter_violations,
    schema_name_for,
    unmodelled_kind,
)
from harness.reports.redaction import Redactor

WINDOW_MODES = ("async", "sync", "off")
RAW_BODY_LIMIT = 10 * 1024
_MESSAGES_PATH = re.compile(r"/(?P<version>v\d+\.\d+)/(?P<object_id>[^/]+)/messages/?")


@dataclass(frozen=True, slots=True)
class _Request:
    """One incoming request; ``raw_body`` is already redacted, ``payload`` not yet."""

    method: str
    path: str
    payload: Any
    raw_body: str
    parse_error: str | None
    # True when no secret (nor piece of one) is in the body and nothing in it is escaped:
    # every string of the payload is then a piece of the body, so it holds no secret either.
    clean: bool = False


@dataclass(frozen=True, slots=True)
class _Outcome:
    """The verdict on one request, before it becomes a ``SendAttempt``."""

    reply: GraphReply
    accepted: bool = False
    recipient: str | None = None
    recipient_user_id: str | None = None
    violations: tuple[Violation, ...] = ()
    wamid: str | None = None
    fault: str | None = None


class FakeGraph:
    """Meta's Graph ``/messages`` endpoint with its limits, errors, faults and 24 h window."""

    def __init__(
        self,
        *,
        access_token: str,
        phone_number_id: str = DEFAULT_PHONE_NUMBER_ID,
        business: BusinessNumber | None = None,
        seed: int = 0,
        clock: Clock | None = None,
        window: str = "async",
        status_webhooks: bool = False,
        keep_last: int | None = None,
        throughput: int | None = None,
        secrets: Iterable[str | None] = (),
        templates: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        """``secrets``: the other secrets of the run (app secret, verify token), masked too.
        ``templates``: approved template names and their languages (none: any is accepted)."""
        if not access_token:
            raise UsageError("the fake Graph API needs a non-empty access_token to expect")
        if window not in WINDOW_MODES:
            raise UsageError(f"unknown window mode {window!r}; valid: {', '.join(WINDOW_MODES)}")
        self.business = _business(phone_number_id, business)
        self.clock = clock or Clock()
        self.window = window
        self.status_webhooks = status_webhooks
        self.on_attempt: list[Callable[[SendAttempt], None]] = []
        # Errors of listeners and delivery threads; the run turns them into an error.
        self.lost = LostWork()
        # Only a digest is compared; the redactors keep attempts free of every secret.
        self._token_digest = hashlib.sha256(access_token.encode("utf-8")).digest()
        known = [access_token, *secrets]
        # Captures are judged by checks, so only whole secrets are masked in them;
        # what the fake shows (``/_harness/sent``) also loses any piece of one.
        self._redactor = Redactor(known, pieces=False)
        self.redactor = Redactor(known)
        self._ids = IdSource(seed)
        self._lock = threading.RLock()
        # keep_last bounds memory under load; None keeps every attempt, as graded runs need.
        self._journal, self.keep_last = Journal(keep_last), keep_last
        # Meta's per-number throughput (messages/s); None means no limit is enforced.
        self._throughput = ThroughputLimit(throughput) if throughput is not None else None
        self._windows = CustomerServiceWindows()
        self._directory = recipients.Directory()
        self.templates = TemplateRegistry(templates)
        self._faults = FaultBook()
        self.holds = Holds()
        self._owed = self._journal.owed

    @property
    def phone_number_id(self) -> str:
        return self.business.phone_number_id

    @property
    def attempts(self) -> list[SendAttempt]:
        """Requests received, oldest first (a copy): all, or the last ``keep_last``."""
        with self._lock:
            return self._journal.kept()

    def counts(self) -> JournalCounts:
        """Counts of every attempt since the last reset, kept or not (a copy)."""
        with self._lock:
            return self._journal.counts.copy()

    @property
    def faults(self) -> list[FaultRule]:
        return self._faults.rules()

    def open_window(self, wa_id: str | None = None, *, user_id: str | None = None) -> None:
        """Record that a user wrote to the business now (clock time).

        Name the user by phone (``wa_id``), by BSUID (``user_id``) or both; both links the
        two, so a later send by either identifier is inside the same window (M-BSUID: the
        window belongs to the user however addressed).
        """
        if not wa_id and not user_id:
            raise UsageError("open_window needs the user's wa_id, user_id or both")
        with self._lock:
            self._directory.link(wa_id, user_id)
            key = recipients.Addressee("to", wa_id).key if wa_id else str(user_id)
            self._windows.open(self._directory.person(key), self.clock.now())

    def window_opened_at(self, wa_id: str) -> float | None:
        """Clock time ``wa_id`` last wrote to the business (its 24 h window's start), or None."""
        with self._lock:
            key = self._directory.person(recipients.Addressee("to", wa_id).key)
            return self._windows.opened_at(key)

    def add_fault(self, rule: FaultRule) -> None:
        self._faults.add(rule)

    def clear_faults(self, rule: FaultRule | None = None) -> None:
        """Drop every rule, or only ``rule`` (e.g. a hold no send met), keeping the others."""
        self._faults.clear(rule)

    def take_owed_notifications(self) -> list[dict[str, Any]]:
        """Status webhooks owed so far (full notifications), removed from the queue."""
        with self._lock:
            return self._owed.take()

    def reset(self) -> None:
        """Forget attempts, windows, faults and owed notifications; ids keep counting."""
        with self._lock:
            self._journal.clear()  # and the owed notifications
            self._windows.clear()
            self._directory.clear()
            self._faults.clear()

    def handle(
        self, method: str, path: str, headers: Mapping[str, str | bytes], body: bytes
    ) -> GraphReply:
        """Answer one HTTP request as Graph would, and record it."""
        request = self._read(method, path, body)
        with self._lock:
            outcome = self._judge(request, headers, _query_token(path))
            attempt = SendAttempt(
                index=self._journal.next_index,
                method=request.method,
                path=request.path,
                recipient=outcome.recipient or self._person_of(request.payload),
                recipient_user_id=outcome.recipient_user_id,
                unmodelled=unmodelled_kind(request.payload) if outcome.accepted else None,
                payload=request.payload if request.clean else self._redactor.data(request.payload),
                raw_body=request.raw_body,
                status=NO_ANSWER if outcome.reply.hang_s is not None else outcome.reply.status,
                # An accepted send's answer holds the body's own "to" and generated ids only.
                response=outcome.reply.body
                if request.clean and outcome.accepted
                else self._redactor.data(outcome.reply.body),
                at=self.clock.now(),
                accepted=outcome.accepted,
                violations=outcome.violations,
                wamid=outcome.wamid,
                fault=outcome.fault,
            )
            self._journal.record(attempt)
        for listener in list(self.on_attempt):
            try:
                listener(attempt)
            except Exception as exc:  # noqa: BLE001 - collected as lost work
                # A broken listener must not turn into a Graph answer the client sees, nor
                # go unnoticed: the run reports what it lost.
                what = f"recording send attempt {attempt.index} ({attempt.method} {attempt.path})"
                self.lost.add(what, exc)
        return outcome.reply

    def _read(self, method: str, path: str, body: bytes) -> _Request:
        decoded = body.decode("utf-8", errors="replace")
        text = self._redactor.text(decoded)
        payload: Any = None
        parse_error = None
        if not body.strip():
            parse_error = "Request body is empty; send a JSON object"
        else:
            try:
                payload = json.loads(body)
            except ValueError:
                parse_error = "Request body is not valid JSON"
        return _Request(
            method=method.upper(),
            path=path.split("?", 1)[0],
            payload=payload,
            raw_body=text[:RAW_BODY_LIMIT],
            parse_error=parse_error,
            clean=text == decoded and "\\" not in decoded,
        )

    def _judge(
        self, request: _Request, headers: Mapping[str, str | bytes], query_token: str | None
    ) -> _Outcome:
        if not self._authorised(headers, query_token):
            return _Outcome(self._error("190"))
        route = _MESSAGES_PATH.fullmatch(request.path)
        if route is None:
            return _Outcome(self._error("100/unknown_path", path=request.path))
        object_id = route["object_id"]
        if request.method != "POST" or object_id != self.phone_number_id:
            method = request.method.lower()
            return _Outcome(self._error("100/unknown_object", method=method, object_id=object_id))
        if request.parse_error is not None:
            violation = Violation("$", "body_json", request.parse_error, 100)
            return _Outcome(self._error("100", details=violation.details), violations=(violation,))
        violations = tuple(iter_violations(request.payload))
        if violations:
            first = violations[0]
            return _Outcome(
                self._error(first.error_key, details=first.details), violations=violations
            )
        addressee = recipients.addressee_of(request.payload)
        if addressee is None or schema_name_for(request.payload) == "mark_read":
            return _Outcome(GraphReply(200, recipients.read_receipt_body()), accepted=True)
        return self._send(request.payload, addressee)

    def _send(self, payload: Mapping[str, Any], addressee: recipients.Addressee) -> _Outcome:
        recipient = self._directory.person(addressee.key)
        user_id = self._user_id_of(addressee, recipient)
        if self._throughput is not None and not self._throughput.admit():
            reply = self._error("130429")
            return _Outcome(reply, recipient=recipient, recipient_user_id=user_id)
        aliases = (addressee.key, user_id) if user_id else (addressee.key,)
        rule = self._faults.pick(recipient, *aliases)
        outcome = self._decide(payload, addressee, recipient, rule)
        return dataclasses.replace(outcome, recipient_user_id=user_id)

    def _decide(
        self,
        payload: Mapping[str, Any],
        addressee: recipients.Addressee,
        recipient: str,
        rule: FaultRule | None,
    ) -> _Outcome:
        fault = rule.preset if rule is not None else None
        effect = rule.effect() if rule is not None else None
        delay = effect.seconds if effect is not None and effect.kind == "delay" else 0.0
        if effect is not None and effect.kind == "hang":
            reply = GraphReply(NO_ANSWER, {}, hang_s=effect.seconds)
            return _Outcome(reply, recipient=recipient, fault=fault)
        if effect is not None and effect.kind == "error":
            if effect.where == "sync":
                reply = self._error(effect.error_key or "", status=effect.http_status)
                return _Outcome(reply, recipient=recipient, fault=fault)
            return self._accept(
                payload, addressee, recipient, failure=effect.error_key, fault=fault
            )
        if (refusal := self.templates.refusal(payload)) is not None:
            return _Outcome(self._error("132001", details=refusal), recipient=recipient)
        if self._outside_window(recipient, template=payload.get("type") == "template"):
            if self.window == "sync":
                reply = self._error("131047", delay_s=delay)
                return _Outcome(reply, recipient=recipient, fault=fault)
            return self._accept(
                payload, addressee, recipient, failure="131047", fault=fault, delay_s=delay
            )
        return self._accept(payload, addressee, recipient, fault=fault, delay_s=delay)

    def _accept(
        self,
        payload: Mapping[str, Any],
        addressee: recipients.Addressee,
        recipient: str,
        *,
        failure: str | None = None,
        fault: str | None = None,
        delay_s: float = 0.0,
    ) -> _Outcome:
        """HTTP 200 now; owe a failed status for ``failure``, or progress statuses if asked."""
        template = payload.get("type") == "template"
        phone = None if "." in recipient else recipient  # a BSUID always has its dot
        wamid = self._ids.wamid(phone or "")
        callback = payload.get("biz_opaque_callback_data")
        sent = SentMessage(
            wamid=wamid,
            timestamp=self.clock.timestamp(),
            wa_id=phone,
            user_id=self._user_id_of(addressee, recipient),
            by_user_id=addressee.field == "recipient",
            template=template,
            callback=callback if isinstance(callback, str) else None,
        )
        progress = self.status_webhooks
        self._owed.add(owed_notifications(sent, self.business, failure=failure, progress=progress))
        body = recipients.success_body(addressee, wamid, template=template)
        reply = GraphReply(200, body, delay_s=delay_s)
        return _Outcome(reply, accepted=True, recipient=recipient, wamid=wamid, fault=fault)

    def _user_id_of(self, addressee: recipients.Addressee, recipient: str) -> str | None:
        by_bsuid = addressee.key if addressee.field == "recipient" else None
        return self._directory.user_id(recipient) or by_bsuid

    def _person_of(self, payload: Any) -> str | None:
        # Rejected bodies still name their recipient when they can: useful evidence in reports.
        addressee = recipients.addressee_of(payload)
        return self._directory.person(addressee.key) if addressee is not None else None

    def _outside_window(self, recipient: str, template: bool) -> bool:
        if template or self.window == "off":
            return False
        return not self._windows.is_open(recipient, self.clock.now())

    def authorises(self, headers: Mapping[str, str | bytes], path: str = "") -> bool:
        """Whether a request carries the expected token (bearer header or ``?access_token=``)."""
        return self._authorised(headers, _query_token(path))

    def _authorised(self, headers: Mapping[str, str | bytes], query_token: str | None) -> bool:
        token = _bearer_token(headers) or query_token
        if not token:
            return False
        digest = hashlib.sha256(token.encode("utf-8")).digest()
        return hmac.compare_digest(digest, self._token_digest)

    def _error(
        self,
        key: str,
        *,
        details: str | None = None,
        status: int | None = None,
        delay_s: float = 0.0,
        **fields: str,
    ) -> GraphReply:
        spec = load_catalogue().get(key)
        body = error_body(spec, fbtrace_id=self._ids.fbtrace_id(), details=details, **fields)
        return GraphReply(status or spec.http_status, body, delay_s=delay_s)


def _business(phone_number_id: str, business: BusinessNumber | None) -> BusinessNumber:
    if business is None:
        return BusinessNumber(phone_number_id=phone_number_id)
    if phone_number_id not in (DEFAULT_PHONE_NUMBER_ID, business.phone_number_id):
        raise UsageError(
            f"phone_number_id {phone_number_id!r} differs from business.phone_number_id "
            f"{business.phone_number_id!r}; pass only one of them"
        )
    return business


def _bearer_token(headers: Mapping[str, str | bytes]) -> str | None:
    for name, value in headers.items():
        if name.lower() == "authorization":
            # requests accepts bytes header values and passes them on as they are.
            text = value.decode("latin-1") if isinstance(value, bytes) else value
            scheme, _, token = text.strip().partition(" ")
            return token.strip() if scheme.lower() in ("bearer", "oauth") else None
    return None


def _query_token(path: str) -> str | None:
    # Graph also takes the token as ?access_token=; it is read here and never stored.
    query = path.partition("?")[2]
    values = parse_qs(query).get("access_token")
    return values[0] if values else None

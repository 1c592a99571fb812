"""Deliver signed webhook POSTs and the verification GET to an implementation."""

from __future__ import annotations

import hashlib
import hmac
import json
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from harness.errors import UsageError
from harness.evidence import Caused, Delivered, Handshake
from harness.reports.redaction import MASK
from harness.targets.transport import HttpAnswer, HttpTransport
from harness.webhooks.encoding import meta_json_bytes
from harness.webhooks.signing import PREFIX, SIGNATURE_HEADER, sign

# Evidence keeps the start of a body only; reports stay readable and small.
# Meta's webhook requests identify themselves with this agent.
USER_AGENT = "facebookexternalua"
# Graph's older SHA-1 signature header; WhatsApp's notifications carry X-Hub-Signature-256.
SHA1_HEADER = "X-Hub-Signature"


class SignatureMode(StrEnum):
    """Which ``X-Hub-Signature-256`` header a POST carries: Meta's, or a broken variant."""

    VALID = "valid"
    MISSING = "missing"
    WRONG_SECRET = "wrong_secret"
    SHA1_PREFIX = "sha1_prefix"
    UPPERCASE_HEX = "uppercase_hex"
    # Wrong values a verifier written too loosely takes (docs/negative-battery.md).
    EMPTY = "empty"  # the header with an empty value: verified only when non-empty
    BARE_PREFIX = "bare_prefix"  # "sha256=" alone: a prefix or substring comparison
    TRUNCATED = "truncated"  # half the right digest: a comparison cut to a length
    SHA1_HEADER = "sha1_header"  # only X-Hub-Signature (SHA-1, wrong key): any header trusted


_MODE_VALUES = frozenset(mode.value for mode in SignatureMode)


@dataclass(frozen=True, slots=True)
class Delivery:
    """One POST as sent (body, headers) and what the implementation answered."""

    method: str
    path: str
    body: bytes
    headers: dict[str, str]
    answer: HttpAnswer
    signature: str = SignatureMode.VALID.value
    tampered: bool = False

    @property
    def accepted(self) -> bool:
        """True for a 2xx answer."""
        return 200 <= self.answer.status < 300

    def as_evidence(self, step: str, caused: tuple[Caused, ...] = ()) -> Delivered:
        """The exchange as evidence, with the sends it caused."""
        # Whole: reports cut long text only after masking secrets (Redactor.data(limit=)).
        return Delivered(
            step=step,
            method=self.method,
            path=self.path,
            headers=dict(self.headers),
            body=self.body.decode("utf-8", errors="replace"),
            answer=self.answer.record(),
            signature=self.signature,
            tampered=self.tampered,
            # The exact bytes escape non-ASCII as Meta does (\u062b…); readers get a decoded copy.
            decoded=_decoded(self.body),
            caused=caused,
        )


def _decoded(body: bytes) -> Any:
    """The body parsed as JSON, or None when it is not JSON (tampered, empty, garbage)."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


@dataclass(frozen=True, slots=True)
class HandshakeAnswer(HttpAnswer):
    """The answer to the verification GET, with the challenge sent and a masked query."""

    challenge: str = ""
    query: dict[str, str] = field(default_factory=dict)
    path: str = ""
    # Judged on the raw answer, before the token is masked out of the body: masking is for
    # what reports write, never for what a check judges (a digits-only token can sit
    # inside the challenge, and its mask would then hide an echo that was exact).
    echoed: bool = False
    challenge_in_body: bool = False

    def as_evidence(self, step: str, request: Mapping[str, Any]) -> Handshake:
        """What ``step`` says it sent, the request (verify token masked) and the answer."""
        return Handshake(
            step=step,
            request=dict(request),
            path=self.path,
            query=dict(self.query),
            answer=self.record(),
        )


class WebhookClient:
    """Signs and posts notifications the way Meta does; holds the app secret, never shows it."""

    def __init__(
        self,
        transport: HttpTransport,
        *,
        app_secret: str,
        path: str = "/webhook",
        seed: int | None = None,
    ) -> None:
        if not app_secret:
            raise UsageError("app_secret is empty; pass the secret the implementation verifies")
        self.transport = transport
        self.path = path
        self._app_secret = app_secret
        self._random = random.Random(seed)

    def __repr__(self) -> str:
        return f"WebhookClient(path={self.path!r}, app_secret={MASK!r})"

    def signature_for(self, body: bytes, mode: SignatureMode = SignatureMode.VALID) -> str | None:
        """The header value ``mode`` puts on ``body``; None means no header at all."""
        mode = SignatureMode(mode)
        if mode in (SignatureMode.MISSING, SignatureMode.SHA1_HEADER):
            return None
        if mode is SignatureMode.EMPTY:
            return ""
        if mode is SignatureMode.BARE_PREFIX:
            return PREFIX
        if mode is SignatureMode.WRONG_SECRET:
            return sign(body, _other_secret(self._app_secret))
        valid = sign(body, self._app_secret)
        if mode is SignatureMode.SHA1_PREFIX:
            # The right digest under the wrong algorithm label: catches verifiers that
            # split on "=" and compare the hex without checking which scheme it claims.
            return "sha1=" + valid.removeprefix(PREFIX)
        if mode is SignatureMode.UPPERCASE_HEX:
            return PREFIX + valid.removeprefix(PREFIX).upper()
        if mode is SignatureMode.TRUNCATED:
            return valid[: len(PREFIX) + (len(valid) - len(PREFIX)) // 2]
        return valid

    def post(
        self,
        notification: Mapping[str, Any] | bytes,
        *,
        signature: SignatureMode | str | None = SignatureMode.VALID,
        tamper: bool = False,
        headers: Mapping[str, str] | None = None,
    ) -> Delivery:
        """POST one notification, signed over exactly the bytes sent.

        ``signature`` is a ``SignatureMode`` (or its value), a literal header value, or None
        for no header. A dict is serialised once with ``meta_json_bytes``; bytes are sent
        untouched. With ``tamper`` the body is altered after signing.
        """
        body = notification if isinstance(notification, bytes) else meta_json_bytes(notification)
        if isinstance(signature, str) and signature in _MODE_VALUES:
            # "wrong_secret" from a feature file means the mode, never a literal header.
            signature = SignatureMode(signature)
        if isinstance(signature, SignatureMode):
            header, label = self.signature_for(body, signature), signature.value
        else:
            header, label = signature, "explicit" if signature is not None else "missing"
        if tamper:
            body = tampered(body)
        sent = meta_headers(header)
        if signature is SignatureMode.SHA1_HEADER:
            sent[SHA1_HEADER] = _sha1_under_other_secret(body, self._app_secret)
        sent.update(headers or {})
        answer = self.transport.request("POST", self.path, body=body, headers=sent)
        return Delivery(
            method="POST",
            path=self.path,
            body=body,
            headers=sent,
            answer=answer,
            signature=label,
            tampered=tamper,
        )

    def handshake(
        self,
        *,
        verify_token: str | None,
        challenge: str | None = None,
        mode: str = "subscribe",
        elsewhere: Mapping[str, str] | None = None,
    ) -> HandshakeAnswer:
        """The verification GET with a numeric challenge; the token never enters the record.

        ``verify_token=None`` leaves the parameter out, as a probe would. ``elsewhere``:
        more parameters, each holding a secret, masked like the token.
        """
        challenge = challenge if challenge is not None else self.new_challenge()
        query = {"hub.mode": mode, "hub.challenge": challenge}
        if verify_token is not None:
            query["hub.verify_token"] = verify_token
        query.update(elsewhere or {})
        answer = self.transport.request("GET", self.path, query=query)
        # 200 with exactly the challenge, whitespace trimmed (facts §10 lesson 6).
        echoed = answer.status == 200 and answer.text().strip() == challenge
        challenge_in_body = challenge in answer.text()
        # A careless implementation may echo the token; keep it out of every report.
        body, headers = answer.body, dict(answer.headers)
        for secret in (verify_token, *(elsewhere or {}).values()):
            if secret:
                body = body.replace(secret.encode("utf-8"), MASK.encode("utf-8"))
                headers = {name: value.replace(secret, MASK) for name, value in headers.items()}
        query.update(dict.fromkeys(elsewhere or {}, MASK))
        return HandshakeAnswer(
            status=answer.status,
            body=body,
            headers=headers,
            elapsed_s=answer.elapsed_s,
            truncated=answer.truncated,
            challenge=challenge,
            query={**query, **({"hub.verify_token": MASK} if verify_token is not None else {})},
            path=self.path,
            echoed=echoed,
            challenge_in_body=challenge_in_body,
        )

    def new_challenge(self) -> str:
        """Ten digits, no leading zero, like Meta's ``1158201444``; some parse it with int()."""
        return str(self._random.randrange(1_000_000_000, 10_000_000_000))


def meta_headers(signature: str | None) -> dict[str, str]:
    """The headers of Meta's webhook POSTs, with ``signature`` unless it is None."""
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
    if signature is not None:
        headers[SIGNATURE_HEADER] = signature
    return headers


def tampered(body: bytes) -> bytes:
    """``body`` changed after signing but still valid JSON, so only the signature can tell."""
    stripped = body.rstrip()
    if stripped.endswith(b"}") and stripped != b"{}":
        return stripped[:-1] + b',"tampered":true}'
    return body + b" "


def _sha1_under_other_secret(body: bytes, app_secret: str) -> str:
    """A well-formed ``X-Hub-Signature`` no one who knows the secret would send."""
    key = _other_secret(app_secret).encode("utf-8")
    return "sha1=" + hmac.new(key, body, hashlib.sha1).hexdigest()


def _other_secret(app_secret: str) -> str:
    # Any other key will do; derived so it can never equal the real one.
    return hmac.new(app_secret.encode("utf-8"), b"wrong-secret", hashlib.sha256).hexdigest()

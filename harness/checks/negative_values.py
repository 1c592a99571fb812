"""Wrong values derived from right ones, each for a way such a comparison is written wrong.

docs/negative-battery.md says which mistake each value catches and why its check has the
level it has. Every derivation is a pure function of the right value, so a run's data
follows from its settings alone.
"""

from __future__ import annotations

from collections.abc import Callable

# -- the verify token of the GET handshake ------------------------------------------------


def _case_changed(token: str) -> str | None:
    changed = token.swapcase()
    return changed if changed != token else None


# Each answers the wrong token to send, or None when the token has no such variant (a
# token without letters has no other case).
TOKEN_VARIANTS: dict[str, Callable[[str], str | None]] = {
    # Verified only when non-empty; or a prefix/substring test, which the empty string passes.
    "empty": lambda token: "",
    # expected.startswith(given), given in expected, a comparison cut to the shorter length.
    "first-half": lambda token: token[: len(token) // 2],
    # expected.endswith(given).
    "last-half": lambda token: token[(len(token) + 1) // 2 :],
    # Compared after case-folding (lower(), casefold(), a case-insensitive collation).
    "other-case": _case_changed,
    # Compared after strip().
    "padded": lambda token: f" {token} ",
    # given.startswith(expected), expected in given.
    "extended": lambda token: token + "0",
}

# The right token in a parameter Meta does not send, hub.verify_token holding a wrong one:
# taken only by a check that looks for the token anywhere in the query (``token in url``).
ELSEWHERE = "elsewhere"
ELSEWHERE_PARAMETER = "verify_token"
WRONG_TOKEN = "not-the-verify-token"

# -- reply ids: ``{kind}:{key}:{action}`` ------------------------------------------------

KINDS = ("opp", "msg")
# A digest-form key (``h-`` and 32 hex digits) that names no record.
UNKNOWN_KEY = "h-" + "0" * 32


def split_reply_id(reply_id: str) -> tuple[str, str, str]:
    """(kind, key, action) of an id in the grammar; keys may hold ``:``."""
    kind, _, rest = reply_id.partition(":")
    key, _, action = rest.rpartition(":")
    return kind, key, action


def _other_kind(kind: str) -> str:
    return KINDS[1] if kind == KINDS[0] else KINDS[0]


# Ids the grammar gives no decision on this card: one of them acted on is an unknown id
# acted on (CONTRACT §1, "anything else: log it; no send").
STRUCTURAL_ID_VARIANTS: dict[str, Callable[[str, str, str], str]] = {
    # split(":") read by position: parts[1], parts[2] ignore what follows.
    "extra-segment": lambda kind, key, action: f"{kind}:{key}:{action}:x",
    # The first and last parts read, the middle ignored.
    "inserted-segment": lambda kind, key, action: f"{kind}:{key}:x:{action}",
    # A prefix test (startswith("opp:")) with a default action.
    "action-missing": lambda kind, key, action: f"{kind}:{key}",
    "action-empty": lambda kind, key, action: f"{kind}:{key}:",
    # Records looked up by prefix: record_id.startswith(key), key.startswith(record_id).
    "shortened-id": lambda kind, key, action: f"{kind}:{key[:-1]}:{action}",
    "extended-id": lambda kind, key, action: f"{kind}:{key}0:{action}",
    # The kind ignored: only the key and the action read.
    "other-kind": lambda kind, key, action: f"{_other_kind(kind)}:{key}:{action}",
    # A record that does not exist, in the digest form long ids take.
    "unknown-id": lambda kind, key, action: f"{kind}:{UNKNOWN_KEY}:{action}",
}
# Variants whose grammar reading is "unknown" whatever records exist: a parser alone can
# be judged on them (the others name another record, which only the flow can refuse).
PARSER_STRUCTURAL = ("extra-segment", "action-missing", "action-empty", "other-kind")

# The same id normalised: equal only to a comparison that folds case or strips spaces.
NORMALISED_ID_VARIANTS: dict[str, Callable[[str, str, str], str]] = {
    "upper-action": lambda kind, key, action: f"{kind}:{key}:{action.upper()}",
    "upper-kind": lambda kind, key, action: f"{kind.upper()}:{key}:{action}",
    "padded": lambda kind, key, action: f" {kind}:{key}:{action} ",
}

ID_VARIANTS = {**STRUCTURAL_ID_VARIANTS, **NORMALISED_ID_VARIANTS}


def changed_reply_id(reply_id: str, variant: str) -> str:
    """``reply_id`` changed as ``variant`` says."""
    return ID_VARIANTS[variant](*split_reply_id(reply_id))


# -- sender ids: phone numbers (``from``) -------------------------------------------------

# The operator's number changed so that only a loose comparison takes it for theirs.
NUMBER_VARIANTS: dict[str, Callable[[str], str]] = {
    # The last nine digits compared (the national number), the country code ignored.
    "same-local-number": lambda wa_id: (
        ("971" if not wa_id.startswith("971") else "972") + wa_id[3:]
    ),
    # sender.startswith(operator), operator in sender.
    "longer-number": lambda wa_id: wa_id + "0",
    # operator.startswith(sender), sender in operator.
    "shorter-number": lambda wa_id: wa_id[:-1],
}

"""Reply ids ``opp:{opportunity_id}:{action}`` and ``msg:{draft_id}:{action}``: encode and split.

Meta caps a reply id at 256 characters. An opportunity or draft id too long to fit is carried
in its *digest form*, ``h-`` plus 32 hex digits of SHA-256, which is stable (same id, same
reply ids) and distinct for distinct ids. The digest-to-id mapping is remembered in a small
bounded, process-wide cache so that parsing a tap gives back the original id; it is a pure
function of its input, not flow state, so sharing it between apps is safe. After an
eviction the digest form itself comes back, and the flow also indexes its records by it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

OPPORTUNITY_PREFIX = "opp"
DRAFT_PREFIX = "msg"
OPPORTUNITY_ACTIONS = ("accept", "skip", "draft", "schedule")
DRAFT_ACTIONS = ("approve", "edit", "cancel")
ACTIONS = {OPPORTUNITY_PREFIX: OPPORTUNITY_ACTIONS, DRAFT_PREFIX: DRAFT_ACTIONS}

MAX_REPLY_ID_LENGTH = 256
DIGEST_MARK = "h-"
_DIGEST_HEX_DIGITS = 32
_CACHE_SIZE = 4096

_digests: OrderedDict[tuple[str, str], str] = OrderedDict()
_digests_lock = threading.Lock()


def _fits(prefix: str, ident: str) -> bool:
    """Whether every reply id of ``ident`` fits, judged by the longest action of the kind."""
    longest = max(len(action) for action in ACTIONS[prefix])
    return len(prefix) + 1 + len(ident) + 1 + longest <= MAX_REPLY_ID_LENGTH


def digest_key(prefix: str, ident: str) -> str:
    """The stable short stand-in for an id that is too long to fit."""
    digest = hashlib.sha256(f"{prefix}:{ident}".encode()).hexdigest()
    return DIGEST_MARK + digest[:_DIGEST_HEX_DIGITS]


def reply_key(prefix: str, ident: str) -> str:
    """The form of ``ident`` used inside reply ids: itself, or its digest when too long."""
    if _fits(prefix, ident):
        return ident
    key = digest_key(prefix, ident)
    with _digests_lock:
        _digests[(prefix, key)] = ident
        _digests.move_to_end((prefix, key))
        while len(_digests) > _CACHE_SIZE:
            _digests.popitem(last=False)
    return key


def resolve_key(prefix: str, key: str) -> str:
    """The original id behind a key taken from a reply id (the key itself if unknown)."""
    if not key.startswith(DIGEST_MARK):
        return key
    with _digests_lock:
        return _digests.get((prefix, key), key)


def make_reply_id(prefix: str, ident: str, action: str) -> str:
    """``{prefix}:{key}:{action}`` for one button."""
    return f"{prefix}:{reply_key(prefix, ident)}:{action}"


def split_reply_id(reply_id: str) -> tuple[str, str, str] | None:
    """(prefix, key, action), splitting on the first and last ``:`` since ids may hold ``:``."""
    prefix, sep, rest = reply_id.partition(":")
    key, sep2, action = rest.rpartition(":")
    if not sep or not sep2 or not key:
        return None
    if prefix not in ACTIONS or action not in ACTIONS[prefix]:
        return None
    return prefix, key, action

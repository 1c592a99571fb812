"""What the explorer draws from: the people, opportunities, ids and faults of a
conversation, the flow it often starts with, and the preconditions of its actions."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from harness.checks.conversation_steps import FAULT_CODES, SHAPES
from harness.checks.negative_values import ELSEWHERE, ID_VARIANTS, TOKEN_VARIANTS
from harness.webhooks.batching import BatchShape

WHO = ("A", "B", "U")
OPPORTUNITIES = ("opp-1", "opp-2", "opp-" + "٧" * 300)
# Signatures a correct implementation must refuse: those the MUST checks SIG-002 and
# NEG-003 send (a truncated digest, NEG-004, is a SHOULD, so no MUST rule judges it here).
FORGED = ("missing", "wrong_secret", "empty", "bare_prefix", "sha1_header")
# "valid" first, and as often as all the forged ones: shrinking prefers a correctly signed
# tap, and most conversations go down the flow.
SIGNATURES = ("valid",) * len(FORGED) + FORGED
# Spellings a team may use for "off", given to the implementation every third round.
OFF_SPELLINGS = ("false", "FALSE", "0", "no", "off")
TEXTS = ("مرحبا", "approve", "👍", "msg:d-opp-1:approve")
UNKNOWN_IDS = ("confirm:A12", "opp:opp-9:accept", "msg:d-opp-9:approve", "opp:opp-1:delete")
STATUS_CODES = (131047, 131026, 130429)
BATCHES = tuple(shape.value for shape in BatchShape)
# The tokens a GET verify handshake may carry: the configured one, and the wrong ones a
# careless comparison lets through.
TOKENS = ("right", "right", "wrong", "left out", ELSEWHERE, *TOKEN_VARIANTS)
# A hub.mode Meta's verify handshake never carries to subscribe.
OTHER_MODE = "unsubscribe"
# The negative battery's reply id variants (docs/negative-battery.md).
ID_FORGERIES = tuple(ID_VARIANTS)
FLOW = (
    ("opt_in_operator", "A"),
    ("present", OPPORTUNITIES[0], SHAPES[0], "A"),
    # «رسالة» (draft) on the opportunity card; the draft card it brought, approved.
    ("tap", "A", 1, 3, "valid"),
    ("tap", "A", 2, 1, "valid"),
)
# Who the flow's operator is: known by phone, or known only by business-scoped user id (a
# username user, whose messages carry no phone).
FLOW_OPERATORS = st.sampled_from(("A", "U"))


# How the flow's taps come: one webhook each, or each beside a text of the operator's,
# batched as Meta may batch them (by entries, by changes, in one change's value).
FLOW_BATCHES = st.sampled_from((None, None, *BATCHES))


def flow_of(operator: str, batched: str | None = None) -> tuple[tuple[Any, ...], ...]:
    """The flow, with ``operator`` as its operator and its taps ``batched`` (or not)."""
    steps = [tuple(operator if a == "A" else a for a in step) for step in FLOW]
    if batched is not None:
        steps = [("tap_batched", *s[1:-1], batched) if s[0] == "tap" else s for s in steps]
    return tuple(steps)


# A Graph API fault (every send or the next one, Meta's code) before the flow's step of
# that index; none twice as often as one. Every send refused with 130429 is drawn most
# often: a rate limit is what an implementation retries, and how it retries shows only
# when the retries are refused too.
FlowFault = tuple[str, int, int] | None
FLOW_FAULTS = st.one_of(
    st.none(),
    st.none(),
    st.tuples(
        st.sampled_from(("fault_all", "fault_all", "fault")),
        st.sampled_from((FAULT_CODES[0], *FAULT_CODES)),
        st.integers(1, len(FLOW) - 1),
    ),
)
# How many steps follow the start: as many as the round allows, or in one conversation
# of three a few. Short conversations try more starts where every step waits out late
# effects, and a finding among them is short before it is shrunk.
SHORT = 6
LENGTHS = st.one_of(st.none(), st.none(), st.integers(1, SHORT))
# The operator who received the card taps it, more often than anyone else.
OWNER = "owner"
TAPPERS = st.sampled_from((OWNER, OWNER, *WHO))
# 1 is the newest card: the one a conversation usually goes on with.
CARDS = st.one_of(st.just(1), st.integers(1, 64))
BUTTONS = st.integers(1, 3)


# Preconditions are named functions: Hypothesis describes each precondition it checks,
# and a lambda's description is read from its source at every check.
def has_cards(machine: Any) -> bool:
    return bool(machine.conversation.ledger.cards)


def has_accepted(machine: Any) -> bool:
    return bool(machine.conversation.accepted())


def has_two_accepted(machine: Any) -> bool:
    return bool(len(machine.conversation.accepted()) > 1)


def has_taps(machine: Any) -> bool:
    return bool(len(machine.conversation.taps) > machine.conversation.first_tap)


# Rules a send breaks only by the kind of step it is charged to, a step that by design
# causes nothing ("free text caused a send", "a tap with an unknown id caused a send"). A
# send that comes later than the target's pace had shown is charged to the next step, so
# of two rules one send breaks there, the other (a storm, a prospect written to without
# approval) is raised: it holds whichever step the send is charged to, and the replay,
# which waits longer for its last step, finds it again. A stranger's, a forged or a
# redelivered tap keeps its own rule first: it names the mistake, at its level.
BY_CAUSE = frozenset({"EXP-005", "EXP-009"})

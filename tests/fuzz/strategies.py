"""Hypothesis strategies shared by the fuzz tests: JSON values and message-like bodies."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Each fuzz test gets a small, fixed budget so the whole folder stays well under 30 s.
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)


def json_values(max_leaves: int = 20) -> st.SearchStrategy[Any]:
    """Any JSON document (no NaN or infinity, which JSON cannot carry)."""
    return st.recursive(
        SCALARS,
        lambda children: (
            st.lists(children, max_size=5)
            | st.dictionaries(st.text(max_size=12), children, max_size=5)
        ),
        max_leaves=max_leaves,
    )


# Keys the /messages schema knows, so many bodies get past the first checks.
_KNOWN_KEYS = st.sampled_from(
    [
        "messaging_product",
        "recipient_type",
        "to",
        "type",
        "text",
        "interactive",
        "template",
        "context",
        "status",
        "message_id",
        "body",
        "action",
        "buttons",
        "reply",
        "id",
        "title",
    ]
)


def message_like() -> st.SearchStrategy[Any]:
    """/messages bodies close to valid ones, with arbitrary values where it matters."""
    buttons = st.lists(
        st.fixed_dictionaries(
            {
                "type": st.sampled_from(["reply", "url", 3]),
                "reply": st.fixed_dictionaries(
                    {"id": st.text(max_size=300), "title": st.text(max_size=30)}
                ),
            }
        ),
        max_size=5,
    )
    interactive = st.fixed_dictionaries(
        {
            "type": st.sampled_from(["button", "list", "cta_url", ""]),
            "body": st.fixed_dictionaries({"text": st.text(max_size=1100)}),
            "action": st.fixed_dictionaries({"buttons": buttons}),
        }
    )
    base = st.fixed_dictionaries(
        {
            "messaging_product": st.sampled_from(["whatsapp", "sms", ""]),
            "to": st.text(alphabet="+0123456789 -()x", max_size=20) | json_values(3),
            "type": st.sampled_from(["text", "interactive", "template", "image", "nope"]),
        },
        optional={
            "text": st.fixed_dictionaries({"body": st.text(max_size=5000)}) | json_values(4),
            "interactive": interactive | json_values(4),
            "recipient_type": st.just("individual") | st.text(max_size=5),
        },
    )
    extra = st.dictionaries(_KNOWN_KEYS | st.text(max_size=8), json_values(4), max_size=3)
    return st.builds(lambda body, more: {**more, **body}, base, extra)


def _unique_buttons() -> st.SearchStrategy[list[dict[str, Any]]]:
    ids = st.text(min_size=1, max_size=256)
    titles = st.text(min_size=1, max_size=20)
    pairs = st.lists(
        st.tuples(ids, titles), min_size=1, max_size=4, unique_by=(lambda p: p[0], lambda p: p[1])
    )
    return pairs.map(
        lambda items: [{"type": "reply", "reply": {"id": i, "title": t}} for i, t in items]
    )


def nearly_valid_sends() -> st.SearchStrategy[dict[str, Any]]:
    """Text and reply-button sends with arbitrary text: most pass, some break a limit."""
    to = st.text(alphabet="0123456789", min_size=8, max_size=15)
    text = st.fixed_dictionaries(
        {
            "messaging_product": st.just("whatsapp"),
            "recipient_type": st.just("individual"),
            "to": to,
            "type": st.just("text"),
            "text": st.fixed_dictionaries({"body": st.text(min_size=1, max_size=4200)}),
        }
    )
    buttons = st.fixed_dictionaries(
        {
            "messaging_product": st.just("whatsapp"),
            "recipient_type": st.just("individual"),
            "to": to,
            "type": st.just("interactive"),
            "interactive": st.fixed_dictionaries(
                {
                    "type": st.just("button"),
                    "body": st.fixed_dictionaries({"text": st.text(min_size=1, max_size=1100)}),
                    "action": st.fixed_dictionaries({"buttons": _unique_buttons()}),
                }
            ),
        }
    )
    return text | buttons

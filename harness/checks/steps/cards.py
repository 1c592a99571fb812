"""Steps about the cards themselves and about parse_button_reply."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from harness.checks import actions, card_reading
from harness.checks.check_context import CheckContext
from harness.checks.check_state import Parsed
from harness.checks.steps import one_of
from harness.cloud_api.limits import card_limits
from harness.errors import CheckFailed
from harness.fake_graph import iter_violations

CARD_LIMITS = card_limits()


def _obtain_opportunity_card(wa: CheckContext, opportunity: dict[str, Any]) -> dict[str, Any]:
    """From the builder when offered, else from what the implementation sends the operator."""
    if wa.target.has("build_opportunity_card"):
        built = wa.target.call("build_opportunity_card", opportunity)
        wa.note("build_opportunity_card", opportunity, built)
        return card_reading.as_message(built, opportunity["prospect"]["wa_id"])
    wa.require("control")
    wa.require("app")
    return actions.present(wa, opportunity["id"], attempted=True)


def _obtain_draft_card(wa: CheckContext, opportunity: dict[str, Any]) -> dict[str, Any]:
    if wa.target.has("build_draft_card"):
        draft = {
            "id": f"d-{opportunity['id']}",
            "opportunity_id": opportunity["id"],
            "text": "مرحبًا",
        }
        return _build_draft(wa, draft)
    wa.require("control")
    wa.require("app")
    return actions.receive_draft_card(wa, opportunity["id"])


def _build_draft(wa: CheckContext, draft: dict[str, Any]) -> dict[str, Any]:
    wa.require("build_draft_card")
    built = wa.target.call("build_draft_card", draft)
    wa.note("build_draft_card", draft, built)
    return card_reading.as_message(built, "966500000000")


def _cards(wa: CheckContext) -> list[dict[str, Any]]:
    return wa.state.cards.require_built()


@when("the harness obtains the opportunity card")
def obtain_opportunity_card(wa: CheckContext) -> None:
    wa.state.cards.built = [_obtain_opportunity_card(wa, actions.opportunity(wa))]


@when("the harness obtains the draft card")
def obtain_draft_card(wa: CheckContext) -> None:
    wa.state.cards.built = [_obtain_draft_card(wa, actions.opportunity(wa))]


@when("the harness obtains the opportunity card and the draft card")
def obtain_both_cards(wa: CheckContext) -> None:
    """Both cards; a target without a way to the draft card is judged on the first alone."""
    opportunity = actions.opportunity(wa)
    built = wa.state.cards.built = [_obtain_opportunity_card(wa, opportunity)]
    try:
        built.append(_obtain_draft_card(wa, opportunity))
    except pytest.skip.Exception as reason:
        wa.note("draft card", "not available", str(reason))


@when("the harness obtains the opportunity card twice")
def obtain_twice(wa: CheckContext) -> None:
    opportunity = actions.opportunity(wa)
    wa.state.cards.built = [_obtain_opportunity_card(wa, opportunity) for _ in range(2)]


@when("the harness obtains the opportunity card of each")
def obtain_each(wa: CheckContext) -> None:
    opportunities = wa.state.cards.opportunities.values()
    wa.state.cards.built = [_obtain_opportunity_card(wa, o) for o in opportunities]


@when("the harness builds the draft card")
def build_draft_card(wa: CheckContext) -> None:
    wa.state.cards.built = [_build_draft(wa, wa.state.cards.require_drafts()[0])]


@when("the harness builds the draft card twice")
def build_draft_twice(wa: CheckContext) -> None:
    draft = wa.state.cards.require_drafts()[0]
    wa.state.cards.built = [_build_draft(wa, dict(draft)) for _ in range(2)]


@when("the harness builds the draft card of each")
def build_each_draft(wa: CheckContext) -> None:
    wa.state.cards.built = [_build_draft(wa, d) for d in wa.state.cards.require_drafts()]


@then(parsers.parse("the card has at most {limit:d} reply buttons"))
def at_most_buttons(wa: CheckContext, limit: int) -> None:
    for card in _cards(wa):
        count = len(card_reading.buttons(card))
        if count > limit:
            raise CheckFailed(f"the card has {count} reply buttons; the Cloud API allows {limit}")


@then(parsers.parse('the reply ids are exactly "{a}", "{b}" and "{c}" of the opportunity'))
def opportunity_ids(wa: CheckContext, a: str, b: str, c: str) -> None:
    oid = actions.opportunity(wa)["id"]
    expected = [f"opp:{oid}:{action}" for action in (a, b, c)]
    found = card_reading.reply_ids(_cards(wa)[0])
    if sorted(found) != sorted(expected):
        raise CheckFailed(f"reply ids are {found}; expected {expected}")


@then(parsers.parse('the reply ids are exactly "{a}", "{b}" and "{c}" of one draft'))
def draft_ids(wa: CheckContext, a: str, b: str, c: str) -> None:
    found = card_reading.reply_ids(_cards(wa)[0])
    drafts = {i.split(":")[1] if i.count(":") >= 2 else None for i in found}
    if len(drafts) != 1 or None in drafts or not all(i.startswith("msg:") for i in found):
        raise CheckFailed(f"reply ids {found} are not msg:{{draft_id}}:<action> of one draft")
    draft_id = found[0][len("msg:") : found[0].rindex(":")]
    expected = sorted(f"msg:{draft_id}:{action}" for action in (a, b, c))
    if sorted(found) != expected:
        raise CheckFailed(f"reply ids are {found}; expected {expected}")


@then("every button title is 1 to 20 characters long")
def title_lengths(wa: CheckContext) -> None:
    for card in _cards(wa):
        for title in card_reading.titles(card):
            if not 1 <= len(title) <= CARD_LIMITS["title"]:
                raise CheckFailed(
                    f"button title {title!r} has {len(title)} characters (1-20 allowed)"
                )


@then("the button titles of each card are unique")
def unique_titles(wa: CheckContext) -> None:
    for card in _cards(wa):
        found = card_reading.titles(card)
        if len(set(found)) != len(found):
            raise CheckFailed(f"button titles repeat within one card: {found}")


@then("every reply id is 1 to 256 characters without surrounding spaces")
def id_lengths(wa: CheckContext) -> None:
    for card in _cards(wa):
        for reply_id in card_reading.reply_ids(card):
            if not 1 <= len(reply_id) <= CARD_LIMITS["id"] or reply_id != reply_id.strip():
                raise CheckFailed(
                    f"reply id of {len(reply_id)} characters is not allowed: {reply_id!r:.80}"
                )


@then("every card has a body text of 1 to 1024 characters")
def body_lengths(wa: CheckContext) -> None:
    for card in _cards(wa):
        text = card_reading.body_text(card)
        if not isinstance(text, str) or not 1 <= len(text) <= CARD_LIMITS["body"]:
            size = len(text) if isinstance(text, str) else "no"
            raise CheckFailed(f"the card has {size} body text characters (1-1024 required)")


@then("every card passes the Cloud API schema")
def passes_schema(wa: CheckContext) -> None:
    for card in _cards(wa):
        problems = list(iter_violations(card))
        if problems:
            shown = "; ".join(f"{v.json_path}: {v.details}" for v in problems[:3])
            raise CheckFailed(f"the fake Graph API would reject the card: {shown}")


@then("both builds have the same reply ids")
def same_ids(wa: CheckContext) -> None:
    first, second = (card_reading.reply_ids(c) for c in _cards(wa))
    if first != second:
        raise CheckFailed(f"two builds of the same card gave different ids: {first} then {second}")


@then("the cards share no reply id")
def distinct_ids(wa: CheckContext) -> None:
    first, second = (set(card_reading.reply_ids(c)) for c in _cards(wa))
    if first & second:
        raise CheckFailed(f"different cards share reply ids: {sorted(first & second)}")


@then(parsers.parse('the button titles are "{a}", "{b}" and "{c}"'))
def arabic_titles(wa: CheckContext, a: str, b: str, c: str) -> None:
    found = card_reading.titles(_cards(wa)[0])
    if found != [a, b, c]:
        raise CheckFailed(f"button titles are {found}; the design says {[a, b, c]}")


# -- parse_button_reply ---------------------------------------------------------------

FOREIGN_MESSAGES: dict[str, dict[str, Any]] = {
    "a text message": {"type": "text", "text": {"body": "opp:opp-1:accept"}},
    "a list reply with a foreign id": {
        "type": "interactive",
        "interactive": {"type": "list_reply", "list_reply": {"id": "slot:0900", "title": "09:00"}},
    },
    "a template button with a foreign payload": {
        "type": "button",
        "button": {"payload": "Unsubscribe", "text": "Unsubscribe"},
    },
    "a button reply with a foreign id": {
        "type": "interactive",
        "interactive": {
            "type": "button_reply",
            "button_reply": {"id": "confirm:A12", "title": "OK"},
        },
    },
    "a button reply without an id": {
        "type": "interactive",
        "interactive": {"type": "button_reply", "button_reply": {"title": "قبول"}},
    },
    "an interactive message without a reply": {"type": "interactive", "interactive": {}},
    "an empty object": {},
    "a button reply with a numeric id": {
        "type": "interactive",
        "interactive": {"type": "button_reply", "button_reply": {"id": 42, "title": "42"}},
    },
}


def _button_message(reply_id: str) -> dict[str, Any]:
    return {
        "from": "966500000001",
        "id": "wamid.parse",
        "timestamp": "1750000000",
        "type": "interactive",
        "interactive": {"type": "button_reply", "button_reply": {"id": reply_id, "title": "x"}},
    }


def _parse(wa: CheckContext, message: Any) -> Any:
    wa.require("parse_button_reply")
    parsed = wa.target.call("parse_button_reply", message)
    wa.note("parse_button_reply", message, parsed)
    return parsed


@then("every reply id parses back to the opportunity and its action")
def parse_opportunity_ids(wa: CheckContext) -> None:
    oid = actions.opportunity(wa)["id"]
    for reply_id in card_reading.reply_ids(_cards(wa)[0]):
        parsed = _parse(wa, _button_message(reply_id))
        action = reply_id.rsplit(":", 1)[-1]
        expected = {"kind": "opportunity", "action": action, "opportunity_id": oid}
        if not isinstance(parsed, dict) or any(parsed.get(k) != v for k, v in expected.items()):
            raise CheckFailed(f"{reply_id!r} parsed to {parsed!r}; expected {expected}")


@then("every reply id parses back to the draft and its action")
def parse_draft_ids(wa: CheckContext) -> None:
    draft_id = wa.state.cards.require_drafts()[0]["id"]
    for reply_id in card_reading.reply_ids(_cards(wa)[0]):
        parsed = _parse(wa, _button_message(reply_id))
        action = reply_id.rsplit(":", 1)[-1]
        expected = {"kind": "draft", "action": action, "draft_id": draft_id}
        if not isinstance(parsed, dict) or any(parsed.get(k) != v for k, v in expected.items()):
            raise CheckFailed(f"{reply_id!r} parsed to {parsed!r}; expected {expected}")


@given(parsers.parse("a message that is {shape}"))
def a_foreign_message(wa: CheckContext, shape: str) -> None:
    base = {"from": "966500000001", "id": "wamid.foreign", "timestamp": "1750000000"}
    shaped = one_of(FOREIGN_MESSAGES, shape.strip(), "a message that is {shape}")
    wa.state.message = {**base, **json.loads(json.dumps(shaped))}


@when("parse_button_reply is given the message")
def parse_the_message(wa: CheckContext) -> None:
    message = wa.state.require_message()
    wa.state.parsed = Parsed(message, _parse(wa, message))


@then("it answers unknown without raising")
def answers_unknown(wa: CheckContext) -> None:
    parsed = wa.state.require_parsed().answer
    if isinstance(parsed, dict) and parsed.get("kind") in ("opportunity", "draft"):
        raise CheckFailed(f"a foreign message parsed as a known reply: {parsed!r}")

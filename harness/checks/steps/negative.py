"""Steps of the negative battery: wrong tokens, signatures, reply ids and senders.

The wrong values come from ``harness.checks.negative_values``; docs/negative-battery.md
says which mistake each one catches. Evidence names a variant, never its value, where the
value is a piece of a secret.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from harness.checks import actions, card_reading
from harness.checks.check_context import CheckContext
from harness.checks.forged_senders import SENDER_VARIANTS, forged_tap
from harness.checks.negative_values import (
    ELSEWHERE,
    ELSEWHERE_PARAMETER,
    ID_VARIANTS,
    TOKEN_VARIANTS,
    WRONG_TOKEN,
    changed_reply_id,
)
from harness.checks.steps import one_of
from harness.checks.steps.deliveries import SIGNATURE_VARIANTS
from harness.cloud_api.contacts import FailedContacts
from harness.errors import CheckFailed
from harness.webhooks.people import Person

# A person of the factory no other check uses, so none is mixed up with another's.
OTHER_OPERATOR = 4


@when(parsers.parse("the harness sends the verify-token handshake with the token as {variant}"))
def handshake_with_token_variant(wa: CheckContext, variant: str) -> None:
    wa.require("app")
    step = "the harness sends the verify-token handshake with the token as {variant}"
    token = wa.world.settings.verify_token
    elsewhere = {}
    if variant == ELSEWHERE:
        wrong: str | None = WRONG_TOKEN if token != WRONG_TOKEN else WRONG_TOKEN + "!"
        elsewhere = {ELSEWHERE_PARAMETER: token}
    else:
        wrong = one_of(TOKEN_VARIANTS, variant, step)(token)
    if wrong is None or wrong == token:
        pytest.skip(f"not judged: the configured verify token has no {variant} variant")
    challenge = str(1_000_000_000 + wa.world.settings.seed * 7919 + wa.next_id())
    answer = wa.client().handshake(verify_token=wrong, challenge=challenge, elsewhere=elsewhere)
    wa.state.answers.answer = answer
    request = {"hub.mode": "subscribe", "hub.verify_token": f"the token as {variant}"}
    wa.record(answer.as_evidence("GET /webhook handshake", request))


@when(
    parsers.parse(
        "a failed status with code {code:d} and a {variant} signature arrives for the card"
    )
)
def forged_failed_status(wa: CheckContext, code: int, variant: str) -> None:
    """A status can be forged like a tap; a verifier that guards only messages lets it in."""
    step = "a failed status with code {code:d} and a {variant} signature arrives for the card"
    mode = one_of(SIGNATURE_VARIANTS, variant, step)
    operator = wa.state.require_operator().webhook_number
    wamids = [a.wamid for a in wa.sends_to(operator) if a.wamid]
    status = wa.world.factory.status(
        wamid=wamids[-1] if wamids else "wamid.unknown",
        recipient_id=operator,
        status="failed",
        error=code,
        contacts=FailedContacts.WA_ID_ONLY,
    )
    if mode is None:
        actions.post(wa, status, label=f"failed status {code}, tampered", tamper=True)
    else:
        actions.post(wa, status, label=f"failed status {code}, {variant} signature", signature=mode)


@then(parsers.parse("no alert carries code {code:d}"))
def no_alert_with_code(wa: CheckContext, code: int) -> None:
    wa.await_effects()
    found = [a for a in wa.alerts() if str(a.get("code")) == str(code)]
    if found:
        raise CheckFailed(f"a rejected notification still raised an alert: {found}")


@when(parsers.parse('the operator taps "{action}" with its reply id changed to {variant}'))
def tap_changed_reply_id(wa: CheckContext, action: str, variant: str) -> None:
    one_of(ID_VARIANTS, variant, 'the operator taps "{action}" with its reply id changed to …')
    actions.ensure_operator(wa)
    operator = wa.state.require_operator()
    reply = card_reading.button_for(wa.state.cards.require_last(), action)
    reply_id = str(reply.get("id", ""))
    changed = changed_reply_id(reply_id, variant)
    notification = wa.world.factory.button_reply(
        from_wa_id=operator.webhook_number,
        reply_id=changed,
        title=str(reply.get("title", action)),
        name=operator.name,
    )
    actions.post(wa, notification, label=f"tap {changed!r} ({variant} of {reply_id!r})")


@when(parsers.parse('the draft card\'s "{action}" is tapped by {who}'))
def tapped_by_someone_else(wa: CheckContext, action: str, who: str) -> None:
    """Someone the card was not sent to taps it; they are opted in, so only who they are
    can stop the tap."""
    one_of(dict.fromkeys(SENDER_VARIANTS), who, 'the draft card\'s "{action}" is tapped by {who}')
    operator = wa.state.require_operator()
    reply = card_reading.button_for(wa.state.cards.require_last(), action)
    reply_id, title = str(reply.get("id", "")), str(reply.get("title", action))
    tap = forged_tap(
        wa, who, phone=operator.webhook_number, name=operator.name, reply_id=reply_id, title=title
    )
    actions.post(wa, tap, label=f"tap {reply_id!r} by {who}")


@given(
    parsers.parse(
        'another operator who received the draft card for "{opportunity_id}", its prospect opted in'
    )
)
def another_operators_draft_card(wa: CheckContext, opportunity_id: str) -> None:
    """A second operator, their opportunity's draft card, and its prospect ready to receive."""
    other = wa.world.factory.operator(OTHER_OPERATOR)
    wa.world.fake.open_window(other.wa_id, user_id=other.user_id)
    wa.opt_in(other.wa_id)
    opportunity = actions.new_opportunity(wa, opportunity_id)
    prospect = opportunity["prospect"]["wa_id"]
    wa.opt_in(prospect)
    wa.world.fake.open_window(prospect)
    card = _card_for(
        wa,
        other.wa_id,
        "no opportunity card reached the operator",
        lambda: _present(wa, other, opportunity),
    )
    draft = card_reading.button_for(card, "draft")
    tap = wa.world.factory.button_reply(
        from_wa_id=other.wa_id, reply_id=str(draft["id"]), title="رسالة", name=other.name
    )
    # Kept by opportunity, as the operator's own cards are; only the When step below reads it.
    received = wa.state.cards.received
    received[opportunity_id] = _card_for(
        wa,
        other.wa_id,
        "tapping «رسالة» brought the operator no draft card",
        lambda: actions.post(wa, tap, label="the other's tap"),
    )


@when(
    parsers.parse(
        'the operator taps "{action}" on the other operator\'s draft card for "{opportunity_id}"'
    )
)
def tap_another_operators_card(wa: CheckContext, action: str, opportunity_id: str) -> None:
    operator = wa.state.require_operator()
    card = actions.card_of(wa, opportunity_id)
    reply_id = str(card_reading.button_for(card, action)["id"])
    tap = wa.world.factory.button_reply(
        from_wa_id=operator.webhook_number, reply_id=reply_id, title=action, name=operator.name
    )
    actions.post(wa, tap, label=f"tap {reply_id!r} of another operator's card")


def _present(wa: CheckContext, operator: Person, opportunity: dict[str, Any]) -> None:
    wa.control("present_opportunity", operator=operator.wa_id, opportunity=opportunity)


def _card_for(wa: CheckContext, wa_id: str, missing: str, act: Callable[[], Any]) -> dict[str, Any]:
    """The card ``act`` brings ``wa_id``; without one, the check cannot be set up.

    Worded as the operator's own missing card is, so a report groups both under one cause.
    """
    since = wa.mark()
    act()
    wa.await_effects(lambda: bool(wa.cards_to(wa_id, since)))
    cards = wa.cards_to(wa_id, since)
    if not cards:
        raise CheckFailed(f"{missing}: {actions.why_no_card(wa, since, wa_id)}")
    return cards[-1]


@then("nothing was sent to any prospect")
def nothing_to_any_prospect(wa: CheckContext) -> None:
    wa.await_effects(guarded=True)
    prospects = {o["prospect"]["wa_id"] for o in wa.state.cards.opportunities.values()}
    sent = [a for a in wa.sends() if a.recipient in prospects]
    if sent:
        shown = "; ".join(f"#{a.index} to {a.recipient}" for a in sent)
        raise CheckFailed(
            f"{len(sent)} message(s) went to a prospect: {shown}", sends=[a.index for a in sent]
        )


@then(parsers.parse("no reply id changed to {variant} parses to a decision"))
def changed_ids_parse_to_nothing(wa: CheckContext, variant: str) -> None:
    one_of(ID_VARIANTS, variant, "no reply id changed to {variant} parses to a decision")
    wa.require("parse_button_reply")
    for card in wa.state.cards.require_built():
        for reply_id in card_reading.reply_ids(card):
            changed = changed_reply_id(reply_id, variant)
            message = {
                "from": "966500000001",
                "id": f"wamid.negative{wa.next_id()}",
                "timestamp": "1750000000",
                "type": "interactive",
                "interactive": {
                    "type": "button_reply",
                    "button_reply": {"id": changed, "title": "x"},
                },
            }
            parsed = wa.target.call("parse_button_reply", message)
            wa.note("parse_button_reply", changed, parsed)
            if isinstance(parsed, dict) and parsed.get("kind") in ("opportunity", "draft"):
                raise CheckFailed(
                    f"{changed!r} ({variant} of {reply_id!r}) parsed as a decision: {parsed!r}; "
                    "the grammar gives it none"
                )

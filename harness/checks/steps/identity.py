"""Steps for the Cloud API of 2026: username-only users, statuses with contacts, system
messages, ``value.errors`` and ``user_id_update`` (docs/cloud-api.md has the sources)."""

from __future__ import annotations

import re

from pytest_bdd import given, parsers, then, when

from harness.checks import actions
from harness.checks.check_context import CheckContext
from harness.errors import CheckFailed


@given(
    parsers.parse(
        'a username-only operator who received the opportunity card for "{opportunity_id}"'
    )
)
def username_operator_received_card(wa: CheckContext, opportunity_id: str) -> None:
    actions.ensure_username_operator(wa)
    actions.present(wa, opportunity_id)


@given("an opted-in username-only operator")
def username_operator(wa: CheckContext) -> None:
    actions.ensure_username_operator(wa)


@given(parsers.parse('the harness tried to present opportunity "{opportunity_id}" to the operator'))
def tried_to_present(wa: CheckContext, opportunity_id: str) -> None:
    """Present the card, and go on whether or not it came: the check grades what follows."""
    try:
        actions.present(wa, opportunity_id)
    except CheckFailed as exc:
        wa.note("present_opportunity", None, f"no card, the check goes on: {exc}")
        wa.partial.append(
            "no card reached the operator, so its statuses were of a message id of the "
            "harness's own"
        )


@when(parsers.parse('the username-only operator taps "{action}"'))
def username_operator_taps(wa: CheckContext, action: str) -> None:
    actions.tap(wa, action)


@then("every send to the operator named them by recipient")
def sends_by_recipient(wa: CheckContext) -> None:
    operator = wa.state.require_operator().wa_id
    wrong = [
        a
        for a in wa.sends_to(operator)
        if not isinstance(a.payload, dict) or a.payload.get("recipient") != operator
    ]
    if wrong:
        shown = "; ".join(f"#{a.index} {a.status} {a.raw_body[:120]}" for a in wrong)
        raise CheckFailed(
            f"the operator has no phone the business may see, only the user id {operator}: "
            f'a send must name them as "recipient" (Meta answers a send without "to" or '
            f'"recipient" with code 100). Sends that did not: {shown}'
        )


def _card_wamid(wa: CheckContext) -> str:
    """The wamid of the card sent to the operator; without one, a message id of the
    harness's own, since answering a status does not depend on knowing its message."""
    operator = wa.state.require_operator()
    wamids = [a.wamid for a in wa.sends_to(operator.wa_id) if a.wamid]
    return wamids[-1] if wamids else wa.world.factory.new_wamid(operator.webhook_number)


@when(parsers.re(r"the card's statuses (?P<names>.+) arrive with (?P<shape>bare|profile) contacts"))
def statuses_with_contacts(wa: CheckContext, names: str, shape: str) -> None:
    actions.ensure_operator(wa)
    operator = wa.state.require_operator()
    username = operator.username is not None
    phone = operator.webhook_number
    statuses = [
        wa.world.factory.status(
            wamid=_card_wamid(wa),
            recipient_id=phone,
            status=name,
            contacts=shape,
            by_user_id=username,
            phone_hidden=username,
        )
        for name in re.findall(r'"(\w+)"', names)
    ]
    label = f"statuses with {shape} contacts"
    actions.post(wa, wa.world.factory.batch(statuses), label=label)


@when(
    parsers.re(r"the card fails with (?P<code>\d+) and (?P<shape>no contacts|a wa_id-only contact)")
)
def failed_status(wa: CheckContext, code: str, shape: str) -> None:
    operator = actions.ensure_operator(wa)
    contacts = "none" if shape == "no contacts" else "wa_id_only"
    notification = wa.world.factory.status(
        wamid=_card_wamid(wa),
        recipient_id=operator,
        status="failed",
        error=int(code),
        contacts=contacts,
    )
    actions.post(wa, notification, label=f"failed status {code}, {shape}")


@when(parsers.parse('a system message "{system_type}" arrives about the operator'))
def system_message(wa: CheckContext, system_type: str) -> None:
    operator = actions.ensure_operator(wa)
    notification = wa.world.factory.system(wa_id=operator, system_type=system_type)
    actions.post(wa, notification, label=f"system message {system_type}, no contacts")


@when(parsers.parse("a value.errors notification with code {code:d} arrives"))
def value_errors(wa: CheckContext, code: int) -> None:
    actions.ensure_operator(wa)
    actions.post(wa, wa.world.factory.errors(code), label=f"value.errors {code}")


@when("a user_id_update notification arrives about the operator")
def user_id_update(wa: CheckContext) -> None:
    operator = actions.ensure_operator(wa)
    actions.post(wa, wa.world.factory.user_id_update(wa_id=operator), label="user_id_update")

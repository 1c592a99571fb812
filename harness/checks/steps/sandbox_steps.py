"""Steps that say what a sandbox tester did: the same person again, the next send, time, texts."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, then, when

from harness.checks import actions, card_reading
from harness.checks.check_context import CheckContext
from harness.checks.sends import send_summary
from harness.checks.steps import one_of
from harness.errors import CheckFailed
from harness.fake_graph.faults import fault_for_code, presets_by_code

HOUR_S = 3600
WRITERS = ("operator", "prospect")


@given(parsers.parse('opportunity "{opportunity_id}" is about the same prospect as "{other_id}"'))
def same_prospect(wa: CheckContext, opportunity_id: str, other_id: str) -> None:
    earlier = actions.opportunity(wa, other_id)
    person = dict(earlier["prospect"])
    opportunity = actions.new_opportunity(wa, opportunity_id)
    opportunity["prospect"] = person
    opportunity["summary"] = f"تواصل {person['name']} بخصوص عرض سعر لتجهيز مكتب جديد في الرياض."


@given("the operator has opted in")
def operator_opts_in_later(wa: CheckContext) -> None:
    operator = actions.ensure_operator(wa, opted_in=False)
    # Opting in happens in a chat with the business, so the operator's window opens too.
    wa.world.fake.open_window(operator)
    wa.opt_in(operator)


@given(parsers.parse("the Graph API answers the next send to the {role} with {code:d}"))
def next_send_fault(wa: CheckContext, role: str, code: int) -> None:
    step = "the Graph API answers the next send to the {role} with {code}"
    who = one_of({"prospect": "prospect", "operator": "operator"}, role, step)
    if who == "operator":
        recipient = actions.ensure_operator(wa, opted_in=False)
    else:
        recipient = actions.prospect_wa_id(wa)
    _arm_next(wa, code, recipient, f"the next send to the {who}")


@given(parsers.parse("the Graph API answers the next send to anyone with {code:d}"))
def next_send_fault_anyone(wa: CheckContext, code: int) -> None:
    _arm_next(wa, code, None, "the next send")


def _arm_next(wa: CheckContext, code: int, recipient: str | None, which: str) -> None:
    one_of(presets_by_code(), code, "the Graph API answers the next send with {code}")
    rule = fault_for_code(code, trigger="next", n=1, recipient=recipient)
    wa.world.fake.add_fault(rule)
    wa.note("fake Graph API", f"{which} fails with {code}; the sends after it do not", None)


@given(parsers.parse("{hours:d} hours pass"))
@when(parsers.parse("{hours:d} hours pass"))
def time_passes(wa: CheckContext, hours: int) -> None:
    # Everyone's clock moves: every 24-hour window that was open ages by as much.
    wa.world.clock.advance(hours * HOUR_S)
    wa.note("fake Graph API", f"the clock moved {hours} hours for everyone", None)


@when(parsers.parse('a text "{text}" arrives from the {role}'))
def someone_writes(wa: CheckContext, role: str, text: str) -> None:
    who = one_of({r: r for r in WRITERS}, role, 'a text "{text}" arrives from the {role}')
    if who == "operator":
        actions.ensure_operator(wa, opted_in=False)
        person = wa.state.require_operator()
        name, wa_id = person.name, person.webhook_number
    else:
        prospect = actions.opportunity(wa)["prospect"]
        name, wa_id = prospect["name"], prospect["wa_id"]
    notification = wa.world.factory.text(from_wa_id=wa_id, body=text, name=name)
    actions.post(wa, notification, label=f"the {who} writes")


@when(parsers.parse('a number that has not opted in taps "{action}" on the operator\'s card'))
def stranger_not_opted_in_taps(wa: CheckContext, action: str) -> None:
    # The checks' "another number" (the sandbox's stranger), this time never opted in.
    stranger = wa.world.factory.operator(1)
    wa.world.fake.open_window(stranger.wa_id)
    actions.tap(wa, action, sender=(stranger.name, stranger.wa_id))


@then("the operator received a draft card to act on")
def received_draft_card_to_act_on(wa: CheckContext) -> None:
    # A late card counts too: an implementation may send after it answered the tap.
    since = wa.state.require_since()
    operator = wa.state.require_operator().wa_id

    def drafts() -> list[dict[str, Any]]:
        return [c for c in wa.cards_to(operator, since) if _offers(c, "approve")]

    wa.await_effects(lambda: bool(drafts()))
    found = drafts()
    if not found:
        raise CheckFailed(f"no draft card reached the operator: {actions.why_no_card(wa, since)}")
    # The next tap is on this card, as the tester's was.
    wa.state.cards.last = found[-1]


def _offers(card: dict[str, Any], action: str) -> bool:
    try:
        return any(i.endswith(f":{action}") for i in card_reading.reply_ids(card))
    except CheckFailed:
        return False


@then("nothing more was sent to the prospect")
def nothing_more_to_prospect(wa: CheckContext) -> None:
    wa.await_effects(guarded=True)
    sent = wa.sends_to(actions.prospect_wa_id(wa), wa.state.require_since())
    if sent:
        summary = "; ".join(send_summary(a, "the prospect") for a in sent)
        raise CheckFailed(
            f"{len(sent)} message(s) went to the prospect after the last action: {summary}",
            sends=[a.index for a in sent],
        )

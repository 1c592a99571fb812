"""Given steps: people, opportunities, opt-ins, live sending, windows and faults."""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers

from harness.checks import actions
from harness.checks.check_context import CheckContext
from harness.checks.steps import one_of
from harness.fake_graph import FaultRule
from harness.fake_graph.faults import fault_for_code, presets_by_code

DAY_S = 24 * 3600


@given(parsers.parse('an opportunity "{opportunity_id}"'))
def an_opportunity(wa: CheckContext, opportunity_id: str) -> None:
    actions.new_opportunity(wa, opportunity_id)


@given(parsers.parse('an opportunity "{opportunity_id}" with a summary of {length:d} characters'))
def a_long_opportunity(wa: CheckContext, opportunity_id: str, length: int) -> None:
    summary = ("فرصة كبيرة لتوريد أجهزة 🚀 " * (length // 10 + 1))[:length]
    actions.new_opportunity(wa, opportunity_id, summary=summary)


@given(parsers.parse("an opportunity with an id of {length:d} characters"))
def an_opportunity_with_a_long_id(wa: CheckContext, length: int) -> None:
    actions.new_opportunity(wa, ("opp-" + "٧" * length)[:length])


@given(parsers.parse('a draft "{draft_id}" of opportunity "{opportunity_id}"'))
def a_draft(wa: CheckContext, draft_id: str, opportunity_id: str) -> None:
    opportunity = actions.new_opportunity(wa, opportunity_id)
    draft = {
        "id": draft_id,
        "opportunity_id": opportunity_id,
        "text": f"مرحبًا {opportunity['prospect']['name']}، يسعدنا تقديم عرضنا لكم.",
    }
    wa.state.cards.drafts.append(draft)


@given("an opted-in operator")
def an_opted_in_operator(wa: CheckContext) -> None:
    actions.ensure_operator(wa)


@given("an operator who has not opted in")
def an_operator_not_opted_in(wa: CheckContext) -> None:
    actions.ensure_operator(wa, opted_in=False)


@given(
    parsers.parse('an opted-in operator who received the opportunity card for "{opportunity_id}"')
)
@given(parsers.parse('the operator received the opportunity card for "{opportunity_id}"'))
def operator_received_card(wa: CheckContext, opportunity_id: str) -> None:
    actions.present(wa, opportunity_id)


@given(parsers.parse('an opted-in operator who received the draft card for "{opportunity_id}"'))
def operator_received_draft_card(wa: CheckContext, opportunity_id: str) -> None:
    actions.receive_draft_card(wa, opportunity_id)


@given("the prospect has opted in")
def prospect_opted_in(wa: CheckContext) -> None:
    wa.opt_in(actions.prospect_wa_id(wa))


@given("the prospect wrote within the last 24 hours")
def prospect_window_open(wa: CheckContext) -> None:
    wa.world.fake.open_window(actions.prospect_wa_id(wa))
    wa.note("fake Graph API", "the prospect wrote just now: 24 h window open", None)


@given("the prospect last wrote 25 hours ago")
def prospect_window_closed(wa: CheckContext) -> None:
    wa.world.fake.open_window(actions.prospect_wa_id(wa))
    wa.world.clock.advance(DAY_S + 3600)
    # The operator keeps tapping, so only the prospect's window has closed.
    wa.world.fake.open_window(wa.state.require_operator().wa_id)
    wa.note("fake Graph API", "clock moved 25 h past the prospect's last message", None)


@given(parsers.parse('the implementation runs with {variable} set to "{value}"'))
def reconfigured(wa: CheckContext, variable: str, value: str) -> None:
    if wa.target.reconfigure is None:
        pytest.skip("the harness can only set the environment of a target it starts itself")
    wa.target.reconfigure({variable: value})
    wa.state.reconfigured = True
    wa.control("reset")
    wa.note("restarted the implementation", {variable: value}, "ready")


@given("live sending is on")
def live_sending_on(wa: CheckContext) -> None:
    wa.control("set_live_send", enabled=True)


@given("live sending is off")
def live_sending_off(wa: CheckContext) -> None:
    wa.control("set_live_send", enabled=False)


@given(parsers.parse("the Graph API answers every send to the prospect with {code:d}"))
def graph_fault(wa: CheckContext, code: int) -> None:
    step = "the Graph API answers every send to the prospect with {code}"
    one_of(presets_by_code(), code, step)
    wa.world.fake.add_fault(fault_for_code(code, recipient=actions.prospect_wa_id(wa)))
    wa.note("fake Graph API", f"every send to the prospect fails with {code}", None)


@given("the Graph API reports every send to the prospect as undeliverable")
def graph_undeliverable(wa: CheckContext) -> None:
    wa.world.fake.add_fault(FaultRule("undeliverable", recipient=actions.prospect_wa_id(wa)))
    wa.note("fake Graph API", "every send to the prospect is reported undeliverable", None)

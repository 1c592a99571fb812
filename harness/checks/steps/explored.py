"""Steps that replay an explored conversation: the scenarios ``wa-harness explore`` exports.

Each step is one action of ``harness.checks.conversation``, judged by the shared ledger
after it runs; the Then step fails when the conversation broke the rule it names.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytest_bdd import parsers, then, when

from harness.checks.check_context import CheckContext
from harness.checks.conversation import Conversation
from harness.checks.conversation_steps import Step
from harness.checks.judgments import LAWS
from harness.checks.steps import one_of
from harness.errors import CheckFailed

# -- the steps of an exported scenario ------------------------------------------------------


@pytest.fixture
def explored(wa: CheckContext) -> Iterator[Conversation]:
    """The check's explored conversation, listening to the fake Graph API while it runs."""
    with Conversation(wa).listening() as conversation:
        yield conversation


def _do(explored: Conversation, action: str, *args: Any) -> None:
    # Any step may be the scenario's last: each waits for late effects as the last step of
    # a replay does.
    explored.perform(Step(action, args), last=True)


@when(parsers.parse("the explorer opts in operator {who}"))
def explored_operator_opts_in(explored: Conversation, who: str) -> None:
    _do(explored, "opt_in_operator", who)


@when(parsers.parse('the explorer opts in the prospect of "{opportunity_id}"'))
def explored_prospect_opts_in(explored: Conversation, opportunity_id: str) -> None:
    _do(explored, "opt_in_prospect", opportunity_id)


@when(parsers.parse("live sending is switched {state}"))
def explored_live_sending(explored: Conversation, state: str) -> None:
    _do(explored, "live", state)


@when(
    parsers.parse(
        'opportunity "{opportunity_id}" with a {shape} brief is presented to operator {who}'
    )
)
def explored_present(explored: Conversation, opportunity_id: str, shape: str, who: str) -> None:
    _do(explored, "present", opportunity_id, shape, who)


@when(
    parsers.parse(
        "operator {who} taps button {button:d} of card {card:d} with a {signature} signature"
    )
)
def explored_tap(explored: Conversation, who: str, button: int, card: int, signature: str) -> None:
    _do(explored, "tap", who, card, button, signature)


@when(
    parsers.parse(
        "operator {who} writes and taps button {button:d} of card {card:d} in one webhook, "
        "by {shape}"
    )
)
def explored_tap_batched(
    explored: Conversation, who: str, button: int, card: int, shape: str
) -> None:
    _do(explored, "tap_batched", who, card, button, shape)


@when(
    parsers.parse(
        "operator {who} taps button {button:d} of card {card:d}, delivered twice at once "
        "in {form} bytes"
    )
)
def explored_tap_at_once(
    explored: Conversation, who: str, button: int, card: int, form: str
) -> None:
    _do(explored, "tap_at_once", who, card, button, form)


@when(parsers.parse("operator {who} adopts a username"))
def explored_adopt_username(explored: Conversation, who: str) -> None:
    _do(explored, "adopt_username", who)


@when("the harness resets the implementation")
def explored_reset(explored: Conversation) -> None:
    _do(explored, "reset")


@when("the explorer posts an empty body, correctly signed")
def explored_empty_body(explored: Conversation) -> None:
    _do(explored, "empty_body")


@when(parsers.parse('the verify handshake comes with the token "{variant}"'))
def explored_handshake(explored: Conversation, variant: str) -> None:
    _do(explored, "handshake", variant)


@when(parsers.parse('the verify handshake comes with the configured token and hub.mode "{mode}"'))
def explored_handshake_mode(explored: Conversation, mode: str) -> None:
    _do(explored, "handshake_mode", mode)


@when(
    parsers.parse(
        "operator {who} taps button {button:d} of card {card:d} with its reply id changed to "
        "{variant}"
    )
)
def explored_forged_id(
    explored: Conversation, who: str, button: int, card: int, variant: str
) -> None:
    _do(explored, "forged_id", who, card, button, variant)


@when(parsers.parse("button {button:d} of card {card:d} is tapped by {sender}"))
def explored_forged_sender(explored: Conversation, button: int, card: int, sender: str) -> None:
    _do(explored, "forged_sender", card, button, sender)


@when(
    parsers.parse(
        'Meta reports message {number:d} "{order}" with contacts as {contacts}, delivered {shape}'
    )
)
def explored_status_order(
    explored: Conversation, number: int, order: str, contacts: str, shape: str
) -> None:
    _do(explored, "status_order", number, order, contacts, shape)


@when(parsers.parse("operator {who} taps schedule on card {card:d}"))
def explored_schedule(explored: Conversation, who: str, card: int) -> None:
    _do(explored, "schedule", who, card)


@when(parsers.parse("tap {number:d} is delivered again in {form} bytes"))
def explored_redeliver(explored: Conversation, number: int, form: str) -> None:
    _do(explored, "redeliver", number, form)


@when(parsers.parse('free text "{text}" comes from operator {who}'))
def explored_write(explored: Conversation, who: str, text: str) -> None:
    _do(explored, "write", who, text)


@when(parsers.parse('operator {who} taps a button with the unknown id "{reply_id}"'))
def explored_unknown(explored: Conversation, who: str, reply_id: str) -> None:
    _do(explored, "unknown", who, reply_id)


@when(parsers.parse("the Graph API fails the next send with {code:d}"))
def explored_fault(explored: Conversation, code: int) -> None:
    _do(explored, "fault", code)


@when(parsers.parse("the Graph API fails every send with {code:d}"))
def explored_fault_all(explored: Conversation, code: int) -> None:
    _do(explored, "fault_all", code)


@when(parsers.parse("Meta reports message {number:d} failed with {code:d}"))
def explored_status(explored: Conversation, number: int, code: int) -> None:
    _do(explored, "status", number, code)


@when(parsers.parse("a failed status of message {number:d} comes with a {signature} signature"))
def explored_forged_status(explored: Conversation, number: int, signature: str) -> None:
    _do(explored, "forged_status", number, signature)


@when(
    parsers.parse(
        "Meta reports messages {first:d} and {second:d} failed with 131047 and 131026, "
        "batched by {shape}"
    )
)
def explored_statuses(explored: Conversation, first: int, second: int, shape: str) -> None:
    _do(explored, "statuses", first, second, shape)


@when(parsers.parse('the prospect of "{opportunity_id}" writes to the business'))
def explored_prospect_wrote(explored: Conversation, opportunity_id: str) -> None:
    _do(explored, "prospect_wrote", opportunity_id)


@when(parsers.parse("{hours:d} hours pass"))
def explored_hours(explored: Conversation, hours: int) -> None:
    _do(explored, "hours", hours)


@then(parsers.parse('the explored conversation kept rule "{rule_id}"'))
def explored_rule_kept(explored: Conversation, rule_id: str) -> None:
    law = one_of(LAWS, rule_id, "the explored conversation kept rule")
    broken = [b.text for b in explored.ledger.breaches if b.rule_id == rule_id]
    if broken:
        raise CheckFailed(f"{rule_id} ({law.says}) was broken: {'; '.join(broken[:5])}")

"""Then steps about what the implementation answered, sent and alerted."""

from __future__ import annotations

import time
from typing import Any

import pytest
from pytest_bdd import parsers, then

from harness.checks import actions, card_reading, retries
from harness.checks.check_context import CheckContext
from harness.cloud_api.cards import Card
from harness.errors import CheckFailed
from harness.targets.transport import HttpAnswer


def _summary(attempts: list[Any]) -> str:
    return "; ".join(
        f"to {a.recipient}: {a.payload.get('type') if a.payload else '?'}" for a in attempts
    )


def _indices(attempts: list[Any]) -> list[int]:
    return [a.index for a in attempts]


def _answer(wa: CheckContext) -> HttpAnswer:
    return wa.state.answers.require_delivery().answer


@then("the answer is 200 with exactly the challenge")
def challenge_echoed(wa: CheckContext) -> None:
    answer = wa.state.answers.require_handshake()
    challenge = answer.challenge
    if not answer.echoed:
        # The body shown is masked; the judgement above was made on the raw one.
        got = f"{answer.status} with {answer.text()[:100]!r}"
        raise CheckFailed(f"expected 200 with body {challenge!r}; got {got}")


@then("the challenge is not echoed")
def challenge_not_echoed(wa: CheckContext) -> None:
    answer = wa.state.answers.require_handshake()
    if answer.status == 200 and answer.challenge_in_body:
        raise CheckFailed("the handshake echoed the challenge although it should have been refused")


@then(parsers.parse("the answer status is {status:d}"))
def answer_status(wa: CheckContext, status: int) -> None:
    answer = wa.state.answers.require_answer()
    if answer.status != status:
        raise CheckFailed(f"answered {answer.status}; expected {status}")


@then("the webhook answer is 200")
def webhook_200(wa: CheckContext) -> None:
    status = _answer(wa).status
    if status != 200:
        raise CheckFailed(f"the webhook answered {status} to a correctly signed notification")


@then("the webhook answer is not 2xx")
def webhook_not_2xx(wa: CheckContext) -> None:
    status = _answer(wa).status
    if 200 <= status < 300:
        raise CheckFailed(f"the webhook answered {status}; a bad signature must be rejected")


@then("the webhook answer is not 5xx")
def webhook_not_5xx(wa: CheckContext) -> None:
    status = _answer(wa).status
    if status >= 500:
        raise CheckFailed(f"the webhook answered {status}: it crashed instead of refusing")


@then("the webhook answer is 401 or 403")
def webhook_401_403(wa: CheckContext) -> None:
    status = _answer(wa).status
    if status not in (401, 403):
        raise CheckFailed(f"the webhook answered {status}; 401 or 403 is expected")


@then(parsers.parse("the webhook answered within {limit:d} second"))
def webhook_fast(wa: CheckContext, limit: int) -> None:
    elapsed = _answer(wa).elapsed_s
    if elapsed > limit:
        raise CheckFailed(f"the webhook took {elapsed:.2f} s; Meta expects prompt answers")


@then("the operator received a draft card")
@then(parsers.parse("the operator received {count:d} draft card"))
@then(parsers.parse("the operator received {count:d} draft cards"))
def received_draft_cards(wa: CheckContext, count: int | None = None) -> None:
    since = wa.state.require_since()
    operator = wa.state.require_operator().wa_id

    def drafts_now() -> list[dict[str, Any]]:
        return [c for c in wa.cards_to(operator, since) if _is_draft_card(c)]

    wa.await_effects(lambda: len(drafts_now()) >= (count or 1))
    if count is not None:
        wa.await_effects()  # an exact count: more may still come
    drafts = drafts_now()
    if count is None and not drafts:
        raise CheckFailed(f"no draft card reached the operator; sends: {_summary(wa.sends(since))}")
    if count is not None and len(drafts) != count:
        raise CheckFailed(f"the operator received {len(drafts)} draft cards; expected {count}")


def _is_draft_card(payload: dict[str, Any]) -> bool:
    card = Card.of(payload)
    return card is not None and card.is_draft_card


@then(parsers.parse('the operator received the opportunity card for "{opportunity_id}"'))
def received_opportunity_card(wa: CheckContext, opportunity_id: str) -> None:
    since = wa.state.require_since()
    operator = wa.state.require_operator().wa_id
    wa.await_effects(lambda: bool(wa.cards_to(operator, since)))
    sent = wa.cards_to(operator, since)
    if not sent:
        why = actions.why_no_card(wa, since, answered=True)
        raise CheckFailed(f"no opportunity card reached the operator: {why}")
    if len(card_reading.buttons(sent[-1])) != 3:
        raise CheckFailed("the card that reached the operator does not have 3 reply buttons")
    ids = card_reading.reply_ids(sent[-1])
    if not any(f":{opportunity_id}:" in reply_id for reply_id in ids):
        raise CheckFailed(
            f"the card is not for opportunity {opportunity_id!r}: its reply ids {ids}"
        )
    # A later When step may tap it.
    wa.state.cards.received[opportunity_id] = sent[-1]
    wa.state.cards.last = sent[-1]


@then("nothing more was sent")
def nothing_more(wa: CheckContext) -> None:
    wa.await_effects()
    sent = wa.sends(wa.state.require_since())
    if sent:
        raise CheckFailed(
            f"{len(sent)} message(s) were sent: {_summary(sent)}", sends=_indices(sent)
        )


@then("nothing was sent")
def nothing_sent(wa: CheckContext) -> None:
    wa.await_effects()
    sent = wa.sends()
    if sent:
        raise CheckFailed(
            f"{len(sent)} message(s) were sent: {_summary(sent)}", sends=_indices(sent)
        )


@then("nothing was sent to the prospect")
def nothing_to_prospect(wa: CheckContext) -> None:
    wa.await_effects(guarded=True)
    sent = wa.sends_to(actions.prospect_wa_id(wa))
    if sent:
        raise CheckFailed(
            f"{len(sent)} message(s) went to the prospect: {_summary(sent)}",
            sends=_indices(sent),
        )


@then("no card was sent to the operator")
def no_card_to_operator(wa: CheckContext) -> None:
    since = wa.state.require_since()
    operator = wa.state.require_operator().wa_id
    wa.await_effects()
    sent = wa.cards_to(operator, since)
    if sent:
        raise CheckFailed(
            f"{len(sent)} card(s) reached the operator after the tap",
            sends=_indices(wa.sends_to(operator, since)),
        )


@then(parsers.parse("exactly {count:d} message was sent to the prospect"))
def exactly_to_prospect(wa: CheckContext, count: int) -> None:
    prospect = actions.prospect_wa_id(wa)
    wa.await_effects(lambda: sum(a.accepted for a in wa.sends_to(prospect)) >= count)
    wa.await_effects()  # an exact count: more may still come
    sent = [a for a in wa.sends_to(prospect) if a.accepted]
    if len(sent) != count:
        raise CheckFailed(
            f"{len(sent)} message(s) reached the prospect; expected {count}",
            sends=_indices(sent[count:]),
        )


@then(
    parsers.parse(
        "at most {count:d} sends were attempted to the prospect, "
        "never {burst:d} within {window_s:g} second"
    )
)
def at_most_attempts(wa: CheckContext, count: int, burst: int, window_s: float) -> None:
    """Bounded and spaced retries after a rate limit (harness.checks.retries says why)."""
    wa.await_effects()
    prospect = actions.prospect_wa_id(wa)
    while True:
        seen = wa.world.arrivals.count
        sent = wa.sends_to(prospect)
        # A target that offers settle has just answered it, which it does only once the
        # work caused so far is done, retries included (CONTRACT.md §5): none is to come.
        if not sent or len(sent) > count or wa.world.offers_settle:
            break
        left = retries.watch_until(sent[0].received_s, sent[-1].received_s) - time.monotonic()
        if left <= 0:
            break
        wa.world.arrivals.wait(seen, left)
    if not sent:
        pytest.skip("not judged: approving caused no send to the prospect, so no retries")
    times = [a.received_s for a in sent]
    wa.note(
        "attempts to the prospect",
        None,
        [f"#{a.index} {a.status} at +{a.received_s - times[0]:.3f} s" for a in sent],
    )
    problem = retries.retry_problem(times, max_attempts=count, burst=burst - 1, window_s=window_s)
    if problem:
        raise CheckFailed(f"after a rate limit, {problem}", sends=_indices(sent))


@then("an alert was raised")
def an_alert(wa: CheckContext) -> None:
    if not wa.alerts(until=bool):
        raise CheckFailed("the alerts are empty; the operator was not told why nothing was sent")


@then(parsers.parse("an alert with code {code:d} was raised"))
def an_alert_with_code(wa: CheckContext, code: int) -> None:
    alerts = wa.alerts(until=lambda found: any(_code(a.get("code")) == code for a in found))
    if not any(_code(a.get("code")) == code for a in alerts):
        raise CheckFailed(f"no alert carries code {code}; alerts: {alerts}")


def _code(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@then("no meeting draft was made")
def no_meeting_draft(wa: CheckContext) -> None:
    wa.await_effects()
    meetings = _meetings(wa)
    if meetings:
        raise CheckFailed(f"a meeting draft was made before accept or draft: {meetings}")


@then("a meeting draft was made")
def a_meeting_draft(wa: CheckContext) -> None:
    found: list[dict[str, Any]] | None = []

    def made() -> bool:
        nonlocal found
        found = _meetings(wa, quiet=True)
        return bool(found) or found is None

    wa.await_effects(made)
    found = _meetings(wa)
    if found is not None and not found:
        raise CheckFailed("scheduling after accept made no meeting draft (control 'drafts')")


def _meetings(wa: CheckContext, *, quiet: bool = False) -> list[dict[str, Any]] | None:
    """The opportunity's meeting drafts, or None when the target does not list drafts."""
    if not wa.world.offers_drafts:
        if not quiet:
            why = "the target does not answer the optional 'drafts' control command"
            wa.note("drafts", None, f"not observable: {why}")
            wa.partial.append(f"{why}: meeting drafts were not judged, only what was sent")
        return None
    answer = wa.control("drafts") if not quiet else wa.target.control({"command": "drafts"})
    drafts = answer.get("drafts")
    if not isinstance(drafts, list):
        raise CheckFailed(f"control 'drafts' answered {answer!r}; expected {{'drafts': [...]}}")
    oid = actions.opportunity(wa)["id"]
    return [
        d
        for d in drafts
        if isinstance(d, dict) and d.get("kind") == "meeting" and d.get("opportunity_id") == oid
    ]


@then("the control answer is 400 with a JSON error")
def control_400(wa: CheckContext) -> None:
    call = wa.state.answers.control
    if call is not None:
        if call.raised is None and not (isinstance(call.answer, dict) and "error" in call.answer):
            raise CheckFailed(f"control() accepted an unknown command: {call.answer!r}")
        return
    answer = wa.state.answers.require_answer()
    if answer.status != 400:
        raise CheckFailed(f"an unknown control command was answered {answer.status}, not 400")


@then("every recorded payload was answered 200")
def replay_all_200(wa: CheckContext) -> None:
    replay = wa.state.answers.require_replay()
    bad = [f"{name} -> {status}" for name, status in replay if status != 200]
    if bad:
        raise CheckFailed(
            f"{len(bad)} recorded payload(s) were not answered 200: {', '.join(bad[:5])}"
        )

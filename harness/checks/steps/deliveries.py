"""When steps: handshakes, signed taps and statuses, batches, replays and control commands."""

from __future__ import annotations

import re

from pytest_bdd import parsers, when

from harness.checks import actions
from harness.checks.check_context import CheckContext
from harness.checks.check_state import ControlCall
from harness.checks.overlap import deliver_overlapping
from harness.checks.steps import one_of
from harness.evidence import ControlCommand
from harness.webhooks.corpus import default_corpus_dir, load_corpus
from harness.webhooks.delivery import SignatureMode
from harness.webhooks.encoding import reordered_json_bytes
from harness.webhooks.notifications import BatchShape

WRONG_TOKEN = "not-the-verify-token"
# None: the body is altered after it was signed.
SIGNATURE_VARIANTS: dict[str, SignatureMode | None] = {
    **{mode.value: mode for mode in SignatureMode},
    "tampered": None,
}


@when(parsers.parse("the harness sends the verify-token handshake with the right token"))
def handshake_right(wa: CheckContext) -> None:
    _handshake(wa, token=wa.world.settings.verify_token)


@when("the harness sends the verify-token handshake with a wrong token")
def handshake_wrong(wa: CheckContext) -> None:
    _handshake(wa, token=WRONG_TOKEN)


@when("the harness sends the verify-token handshake without a token")
def handshake_without_token(wa: CheckContext) -> None:
    _handshake(wa, token=None)


@when(parsers.parse('the harness sends the verify-token handshake with mode "{mode}"'))
def handshake_mode(wa: CheckContext, mode: str) -> None:
    _handshake(wa, token=wa.world.settings.verify_token, mode=mode)


def _handshake(wa: CheckContext, *, token: str | None, mode: str = "subscribe") -> None:
    wa.require("app")
    challenge = str(1_000_000_000 + wa.world.settings.seed * 7919 + wa.next_id())
    answer = wa.client().handshake(verify_token=token, challenge=challenge, mode=mode)
    wa.state.answers.answer = answer
    shown = {wa.world.settings.verify_token: "the configured token", None: "(left out)"}.get(
        token, "a wrong token"
    )
    request = {"hub.mode": mode, "hub.verify_token": shown, "hub.challenge": challenge}
    wa.record(answer.as_evidence("GET /webhook handshake", request))


@when(parsers.parse('the operator taps "{action}" with a {variant} signature'))
def tap_with_signature(wa: CheckContext, action: str, variant: str) -> None:
    step = 'the operator taps "{action}" with a {variant} signature'
    mode = one_of(SIGNATURE_VARIANTS, variant, step)
    if mode is None:
        actions.tap(wa, action, tamper=True)
    else:
        actions.tap(wa, action, signature=mode)


@when(parsers.parse('the operator named "{name}" taps "{action}" with a valid signature'))
def tap_with_name(wa: CheckContext, name: str, action: str) -> None:
    actions.tap(wa, action, name=name)


@when(parsers.parse('the operator taps "{action}" in the legacy shape without user_id'))
def tap_legacy(wa: CheckContext, action: str) -> None:
    actions.tap(wa, action, legacy=True)


@when(parsers.parse('another opted-in number taps "{action}" on the operator\'s card'))
def stranger_taps(wa: CheckContext, action: str) -> None:
    stranger = wa.world.factory.operator(1)
    wa.opt_in(stranger.wa_id)
    wa.world.fake.open_window(stranger.wa_id)
    actions.tap(wa, action, sender=(stranger.name, stranger.wa_id))


@when(parsers.parse('the operator taps a button with the id "{reply_id}"'))
def tap_foreign_id(wa: CheckContext, reply_id: str) -> None:
    actions.ensure_operator(wa)
    operator = wa.state.require_operator()
    notification = wa.world.factory.button_reply(
        from_wa_id=operator.wa_id, reply_id=reply_id, title="OK", name=operator.name
    )
    actions.post(wa, notification, label=f"tap {reply_id!r}")


@when("an empty body arrives with a valid signature")
def empty_body(wa: CheckContext) -> None:
    actions.post(wa, b"", label="empty body, signed")


@when(parsers.parse('the operator\'s "{action}" tap is delivered twice'))
def tap_twice(wa: CheckContext, action: str) -> None:
    notification, reply_id = actions.button_tap(wa, wa.state.cards.require_last(), action)
    since = wa.mark()
    for attempt in ("first", "second"):
        # A redelivery comes after the first delivery was handled (Meta retries later).
        wa.await_effects()
        actions.post(wa, notification, label=f"{attempt} delivery of tap {reply_id!r}", since=since)


@when(parsers.parse('the operator\'s "{action}" tap is delivered twice at the same time'))
def tap_twice_at_once(wa: CheckContext, action: str) -> None:
    """Meta's retry of a slow first delivery can overlap it: both POSTs in flight at once."""
    notification, reply_id = actions.button_tap(wa, wa.state.cards.require_last(), action)
    wa.state.since = wa.mark()
    deliveries = deliver_overlapping(wa, [notification, notification]).deliveries
    for delivery in deliveries:
        wa.record(delivery.as_evidence(f"concurrent delivery of tap {reply_id!r}"))
    wa.effects.acted()
    wa.deliver_owed()
    wa.state.answers.delivery = deliveries[-1]


@when(parsers.parse('the operator\'s "{action}" tap is delivered again inside another batch'))
def tap_rebatched(wa: CheckContext, action: str) -> None:
    """The same message id in other bytes: redelivered together with a status."""
    notification, reply_id = actions.button_tap(wa, wa.state.cards.require_last(), action)
    since = wa.mark()
    actions.post(wa, notification, label=f"tap {reply_id!r}", since=since)
    wa.await_effects()
    operator = wa.state.require_operator().wa_id
    wamids = [a.wamid for a in wa.sends_to(operator) if a.wamid]
    status = wa.world.factory.status(
        wamid=wamids[0] if wamids else "wamid.unknown", recipient_id=operator, status="read"
    )
    again = wa.world.factory.batch([status, notification], shape=BatchShape.ITEMS)
    actions.post(wa, again, label=f"tap {reply_id!r} again, batched with a status", since=since)


@when(
    parsers.parse(
        'the operator\'s "{action}" tap is delivered again with other key order and spacing'
    )
)
def tap_reserialised(wa: CheckContext, action: str) -> None:
    """The same notification redelivered as the same JSON in other bytes."""
    notification, reply_id = actions.button_tap(wa, wa.state.cards.require_last(), action)
    since = wa.mark()
    actions.post(wa, notification, label=f"tap {reply_id!r}", since=since)
    wa.await_effects()
    again = reordered_json_bytes(notification)
    actions.post(wa, again, label=f"tap {reply_id!r} again, re-serialised", since=since)


@when(parsers.parse("failed statuses with codes {first:d} and {second:d} arrive in one change"))
def failed_statuses_in_one_change(wa: CheckContext, first: int, second: int) -> None:
    operator = wa.state.require_operator().wa_id
    wamids = [a.wamid for a in wa.sends_to(operator) if a.wamid][-2:] or ["wamid.unknown"]
    failed = [
        wa.world.factory.status(
            wamid=wamids[i % len(wamids)], recipient_id=operator, status="failed", error=code
        )
        for i, code in enumerate((first, second))
    ]
    batch = wa.world.factory.batch(failed, shape=BatchShape.ITEMS)
    actions.post(wa, batch, label="two failed statuses in one change")


@when(parsers.parse('the operator\'s "{action}" taps on both cards arrive in one batch'))
def taps_in_batch(wa: CheckContext, action: str) -> None:
    taps = [actions.button_tap(wa, card, action)[0] for card in wa.state.cards.require_received()]
    actions.post(wa, wa.world.factory.batch(taps), label="two taps in one POST")


@when(parsers.parse('the operator\'s "{action}" taps on both cards arrive in one change'))
def taps_in_one_change(wa: CheckContext, action: str) -> None:
    # Meta's docs allow several items in one value's messages array (docs/cloud-api.md).
    taps = [actions.button_tap(wa, card, action)[0] for card in wa.state.cards.require_received()]
    batch = wa.world.factory.batch(taps, shape=BatchShape.ITEMS)
    actions.post(wa, batch, label="two taps in one change")


@when(parsers.re(r"statuses (?P<names>.+) arrive for the card"))
def statuses_for_card(wa: CheckContext, names: str) -> None:
    operator = actions.ensure_operator(wa)
    wamids = [a.wamid for a in wa.sends_to(operator) if a.wamid]
    wamid = wamids[-1] if wamids else "wamid.unknown"
    statuses = [
        wa.world.factory.status(wamid=wamid, recipient_id=operator, status=name)
        for name in re.findall(r'"(\w+)"', names)
    ]
    actions.post(wa, wa.world.factory.batch(statuses), label="statuses")


@when("every recorded payload is delivered with a valid signature")
def replay_corpus(wa: CheckContext) -> None:
    wa.require("app")
    payloads = load_corpus(default_corpus_dir())
    wa.state.since = wa.mark()
    replies = []
    for payload in payloads:
        delivery = wa.client().post(payload.body)
        replies.append((payload.name, delivery.answer.status))
        if delivery.answer.status != 200:
            wa.record(delivery.as_evidence(f"replay {payload.name}"))
    wa.effects.acted()
    wa.deliver_owed()
    wa.state.answers.replay = replies
    wa.note("replay", f"{len(payloads)} recorded payloads", dict(replies))


@when(parsers.parse('the harness presents opportunity "{opportunity_id}" to the operator'))
def present_opportunity(wa: CheckContext, opportunity_id: str) -> None:
    operator = wa.state.require_operator().wa_id
    wa.state.since = wa.mark()
    wa.control(
        "present_opportunity",
        operator=operator,
        opportunity=actions.opportunity(wa, opportunity_id),
    )


@when(parsers.parse('the harness sends the control command "{name}"'))
def unknown_control(wa: CheckContext, name: str) -> None:
    wa.require("app")
    wa.require("control")
    if wa.target.control_in_process:
        try:
            call = ControlCall(answer=wa.target.control_call({"command": name}))
        except Exception as exc:  # noqa: BLE001 - raising is one acceptable way to refuse
            call = ControlCall(raised=f"{type(exc).__name__}: {exc}")
        wa.state.answers.control = call
        return
    answer = wa.target.control_http({"command": name})
    wa.state.answers.answer = answer
    wa.record(ControlCommand("control (HTTP)", name, answer=answer.record()))

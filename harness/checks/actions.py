"""Things a check does to the implementation, built from control commands and signed taps."""

from __future__ import annotations

import json
from typing import Any

from harness.checks import card_reading
from harness.checks.check_context import CheckContext
from harness.checks.check_state import Operator
from harness.cloud_api.cards import Card
from harness.errors import CheckFailed
from harness.evidence import ControlCommand
from harness.webhooks.delivery import Delivery

# The username-only operator is a person of their own, so no check mixes them up.
USERNAME_OPERATOR = 2
USERNAME = "@salem.alqahtani"


def new_opportunity(
    ctx: CheckContext, opportunity_id: str, *, summary: str | None = None
) -> dict[str, Any]:
    """An opportunity in the interface's shape, with a fictional Saudi prospect."""
    # A new prospect each time: a late send can then be told apart from the next check's.
    # Keyed by the check (and its example), never by how many ran before it, so any
    # selection, shard or front end shows the same people for the same seed.
    prospect = ctx.world.factory.prospect(f"{ctx.instance}:{len(ctx.state.cards.opportunities)}")
    opportunity = {
        "id": opportunity_id,
        "title": "فرصة توريد أجهزة مكتبية",
        "company": "شركة الريادة للتجارة",
        "summary": summary or f"تواصل {prospect.name} بخصوص عرض سعر لتجهيز مكتب جديد في الرياض.",
        "prospect": {"name": prospect.name, "wa_id": prospect.wa_id},
    }
    ctx.state.cards.opportunities[opportunity_id] = opportunity
    ctx.state.cards.opportunity = opportunity
    return opportunity


def opportunity(ctx: CheckContext, opportunity_id: str | None = None) -> dict[str, Any]:
    if opportunity_id is None:
        return ctx.state.cards.require_opportunity()
    return ctx.state.cards.opportunities.get(opportunity_id) or new_opportunity(ctx, opportunity_id)


def prospect_wa_id(ctx: CheckContext) -> str:
    wa_id: str = opportunity(ctx)["prospect"]["wa_id"]
    return wa_id


def ensure_operator(ctx: CheckContext, *, opted_in: bool = True) -> str:
    """The check's operator: opted in (unless told otherwise) and inside the 24 h window."""
    if ctx.state.operator is None:
        person = ctx.world.factory.operator()
        ctx.state.operator = Operator(name=person.name, wa_id=person.wa_id)
        ctx.world.fake.open_window(person.wa_id, user_id=person.user_id)
        if opted_in:
            ctx.opt_in(person.wa_id)
    return ctx.state.operator.wa_id


def ensure_username_operator(ctx: CheckContext) -> str:
    """An opted-in operator known only by BSUID: a username user whose phone may not be
    shown (M-BSUID). ``wa_id`` holds the id the implementation knows them by; ``phone`` the
    number Meta keeps hidden, from which their taps are built."""
    if ctx.state.operator is None:
        person = ctx.world.factory.operator(USERNAME_OPERATOR)
        ctx.state.operator = Operator(
            name=person.name, wa_id=person.user_id, phone=person.wa_id, username=USERNAME
        )
        ctx.world.fake.open_window(user_id=person.user_id)
        ctx.opt_in(person.user_id, by="user_id")
    return ctx.state.operator.wa_id


def present(ctx: CheckContext, opportunity_id: str, *, attempted: bool = False) -> dict[str, Any]:
    """Ask the implementation to send the step-1 card; answer the card it sent.

    ``attempted``: the card it tried to send, even one the fake Graph API rejected (the
    card checks judge that card itself).
    """
    operator = ensure_operator(ctx)
    setup = _presentation(ctx, opportunity_id)
    known = None if attempted else ctx.world.known_causes.known(setup)
    if known is not None:
        ctx.note("not tried again", setup, f"it failed this way in {known.first_seen_in}")
        raise CheckFailed(known.cause)
    since = ctx.mark()
    ctx.control(
        "present_opportunity", operator=operator, opportunity=opportunity(ctx, opportunity_id)
    )
    ctx.await_effects(lambda: bool(ctx.sends_to(operator, since)))
    sent = ctx.cards_to(operator, since)
    if not sent and attempted:
        sent = [a.payload for a in ctx.sends_to(operator, since) if Card.of(a.payload)]
    if not sent:
        cause = f"no opportunity card reached the operator: {why_no_card(ctx, since)}"
        ctx.world.known_causes.failed(setup, cause, ctx.check_id)
        raise CheckFailed(cause)
    ctx.world.known_causes.succeeded(setup)
    ctx.state.cards.received[opportunity_id] = sent[-1]
    ctx.state.cards.last = sent[-1]
    return sent[-1]


def _presentation(ctx: CheckContext, opportunity_id: str) -> str:
    """What presenting this opportunity asks of the implementation, less its ids: two
    checks with the same key ask the same thing."""
    operator = ctx.state.require_operator()
    summary = opportunity(ctx, opportunity_id)["summary"]
    default = summary.startswith("تواصل ")
    usual_id = opportunity_id.isascii() and len(opportunity_id) <= 16
    return (
        f"present an opportunity with a {'usual' if default else f'{len(summary)}-character'}"
        f" summary and {'a usual' if usual_id else f'a {len(opportunity_id)}-character'} id"
        f" to an operator known by {'user id' if operator.phone else 'phone'}"
        f"{' after a restart with other settings' if ctx.state.reconfigured else ''}"
    )


def why_no_card(
    ctx: CheckContext, since: int, wa_id: str | None = None, *, answered: bool = False
) -> str:
    """Why no card reached the operator (or ``wa_id``), in words the same for every check.

    ``answered`` adds what the implementation answered the request, which differs from
    check to check: for a check whose subject the presentation is, not for a blocked setup
    grouped with others by its cause.
    """
    attempts = ctx.sends_to(wa_id or ctx.state.require_operator().wa_id, since)
    rejected = [a for a in attempts if not a.accepted]
    if rejected:
        error = (rejected[-1].response or {}).get("error") or {}
        details = (error.get("error_data") or {}).get("details") or error.get("message", "")
        return f"the fake Graph API rejected it with {error.get('code')} ({details})"
    if attempts:
        kinds = ", ".join(sorted({str((a.payload or {}).get("type")) for a in attempts}))
        return f"the implementation sent the operator {kinds}, not an interactive card"
    answer = _present_answer(ctx) if answered else ""
    said = f" (present_opportunity answered {answer})" if answer else ""
    return f"the implementation attempted no send to the operator{said}"


def _present_answer(ctx: CheckContext) -> str:
    """What the implementation answered the last ``present_opportunity``: often the cause."""
    for item in reversed(ctx.evidence):
        if isinstance(item, ControlCommand) and item.command == "present_opportunity":
            return json.dumps(item.answer, ensure_ascii=False)[:200]
    return ""


def card_of(ctx: CheckContext, opportunity_id: str | None = None) -> dict[str, Any]:
    known = ctx.state.cards.received
    key = opportunity_id or opportunity(ctx)["id"]
    if key not in known:
        raise CheckFailed(f"no card for {key!r} was received in this check")
    return known[key]


def button_tap(
    ctx: CheckContext,
    card: dict[str, Any],
    action: str,
    *,
    sender: tuple[str, str] | None = None,
    name: str | None = None,
    legacy: bool = False,
) -> tuple[dict[str, Any], str]:
    """The notification (and reply id) Meta delivers when ``action`` on ``card`` is tapped.

    ``sender`` (name, wa_id) taps instead of the operator.
    """
    if action == "schedule":
        # The design's schedule step has no button on the 3-button card; Meta would
        # deliver it from a later card, so the id is derived from the accept button.
        accept = card_reading.button_for(card_of(ctx), "accept")["id"]
        reply_id, title = accept.rsplit(":", 1)[0] + ":schedule", "موعد"
    else:
        chosen = card_reading.button_for(card, action)
        reply_id, title = chosen["id"], chosen.get("title", action)
    operator = ctx.state.require_operator()
    shown_name, wa_id = sender or (name or operator.name, operator.webhook_number)
    notification = ctx.world.factory.button_reply(
        from_wa_id=wa_id, reply_id=reply_id, title=title, name=shown_name, legacy=legacy
    )
    if sender is None and operator.username is not None:
        notification = ctx.world.factory.as_username_user(notification, username=operator.username)
    return notification, reply_id


def post(
    ctx: CheckContext,
    notification: dict[str, Any] | bytes,
    *,
    label: str,
    since: int | None = None,
    **options: Any,
) -> Delivery:
    """Deliver a notification; the Then steps judge it and the sends from ``since`` on."""
    ctx.state.since = ctx.mark() if since is None else since
    delivery = ctx.deliver(notification, label=label, **options)
    ctx.state.answers.delivery = delivery
    return delivery


def tap(
    ctx: CheckContext,
    action: str,
    *,
    sender: tuple[str, str] | None = None,
    name: str | None = None,
    legacy: bool = False,
    **options: Any,
) -> Delivery:
    """The operator (or ``sender``) taps ``action`` on the latest card, signed as Meta does."""
    operator = ensure_operator(ctx)
    card = _card_to_tap(ctx)
    notification, reply_id = button_tap(ctx, card, action, sender=sender, name=name, legacy=legacy)
    if ctx.state.tapped:
        # No person taps twice within milliseconds: an implementation that handles each
        # notification on a task of its own may act on them in any order, and a check
        # about the order of taps must not grade that race.
        ctx.await_effects()
    ctx.state.tapped = True
    delivery = post(ctx, notification, label=f"tap {reply_id!r}", **options)
    after = ctx.cards_to(operator, ctx.state.require_since())
    if after:
        ctx.state.cards.last = after[-1]
    return delivery


def _card_to_tap(ctx: CheckContext) -> dict[str, Any]:
    """The newest card the operator received; without one, what is missing."""
    cards = ctx.state.cards
    if cards.last is None and cards.opportunity is not None:
        return card_of(ctx)  # the opportunity's card never came: a failure
    return cards.require_last()


def receive_draft_card(ctx: CheckContext, opportunity_id: str) -> dict[str, Any]:
    """Present the opportunity and tap «رسالة»; answer the step-2 card."""
    present(ctx, opportunity_id)
    tap(ctx, "draft")
    mark = ctx.state.require_since()
    operator = ctx.state.require_operator().wa_id
    ctx.await_effects(lambda: bool(ctx.cards_to(operator, mark)))
    sent = ctx.cards_to(operator, mark)
    if not sent:
        raise CheckFailed(
            f"tapping «رسالة» brought the operator no draft card: {why_no_card(ctx, mark)}"
        )
    ctx.state.cards.last = sent[-1]
    return sent[-1]

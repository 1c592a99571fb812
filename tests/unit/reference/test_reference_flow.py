"""The operator flow end to end over WSGI, with the Graph API faked by ``responses``."""

from __future__ import annotations

import json

import pytest
import requests
import responses

from .support import MESSAGES_URL, OPERATOR, OPPORTUNITY, PROSPECT, STRANGER, Bot, envelope, tap

OID = OPPORTUNITY["id"]
DRAFT_ID = f"d-{OID}"


def graph_error(code: int, status: int = 400, message: str = "Rate limit hit") -> dict:
    return {
        "error": {
            "message": f"(#{code}) {message}",
            "type": "OAuthException",
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": message},
            "fbtrace_id": "AbC",
        }
    }


def refuse_next_sends(bot: Bot, code: int, status: int = 400) -> None:
    """Make the Graph API refuse every further send with ``code``."""
    bot.graph.replace(responses.POST, MESSAGES_URL, json=graph_error(code), status=status)


def opted_in(bot: Bot, *wa_ids: str) -> Bot:
    for wa_id in wa_ids:
        bot.control(command="opt_in", wa_id=wa_id, source="test")
    return bot


def interactive_ids(body: dict) -> list[str]:
    return [b["reply"]["id"] for b in body["interactive"]["action"]["buttons"]]


def at_draft_card(bot: Bot, action: str = "draft") -> Bot:
    """Present the opportunity and tap ``action`` on it, reaching the step-2 card."""
    bot.present()
    bot.deliver(tap(f"opp:{OID}:{action}"))
    return bot


# -- presenting --------------------------------------------------------------------------


def test_present_sends_the_step1_card_to_an_opted_in_operator(bot):
    opted_in(bot, OPERATOR)

    answer = bot.present()

    assert answer["status"] == "sent"
    [body] = bot.sent()
    assert body["messaging_product"] == "whatsapp"
    assert body["recipient_type"] == "individual"
    assert body["to"] == OPERATOR
    assert body["type"] == "interactive"
    assert interactive_ids(body) == [f"opp:{OID}:accept", f"opp:{OID}:skip", f"opp:{OID}:draft"]


def test_present_sends_with_the_bearer_token(bot):
    opted_in(bot, OPERATOR)

    bot.present()

    [call] = bot.graph.calls
    assert call.request.url == MESSAGES_URL
    assert call.request.headers["Authorization"] == "Bearer test-access-token"


def test_present_to_an_operator_not_opted_in_sends_nothing_and_alerts(bot):
    answer = bot.present()

    assert answer["status"] == "blocked"
    assert bot.sent() == []
    [alert] = bot.alerts()
    assert alert["code"] is None
    assert alert["wa_id"] == OPERATOR
    assert "opted in" in alert["message"]


# -- step 1 decisions --------------------------------------------------------------------


def test_draft_sends_the_step2_card_to_the_operator_only(bot):
    at_draft_card(opted_in(bot, OPERATOR, PROSPECT))

    _card, step2 = bot.sent()
    assert step2["to"] == OPERATOR
    assert interactive_ids(step2) == [
        f"msg:{DRAFT_ID}:approve",
        f"msg:{DRAFT_ID}:edit",
        f"msg:{DRAFT_ID}:cancel",
    ]
    assert "سارة" in step2["interactive"]["body"]["text"]
    assert bot.sent_to(PROSPECT) == []


def test_accept_goes_down_the_draft_path_without_contacting_the_prospect(bot):
    at_draft_card(opted_in(bot, OPERATOR, PROSPECT), "accept")

    assert [body["to"] for body in bot.sent()] == [OPERATOR, OPERATOR]
    assert bot.app.flow.opportunity(OID).status == "accepted"


def test_skip_sends_nothing(bot):
    opted_in(bot, OPERATOR, PROSPECT)
    bot.present()

    bot.deliver(tap(f"opp:{OID}:skip"))

    assert len(bot.sent()) == 1
    assert bot.app.flow.opportunity(OID).status == "skipped"


def test_schedule_before_accept_or_draft_is_refused_with_an_alert(bot):
    opted_in(bot, OPERATOR, PROSPECT)
    bot.present()

    bot.deliver(tap(f"opp:{OID}:schedule"))

    assert len(bot.sent()) == 1
    [alert] = bot.alerts()
    assert alert["code"] is None
    assert "refused" in alert["message"]
    assert bot.app.flow.opportunity(OID).meetings == []


@pytest.mark.parametrize("first", ["accept", "draft"])
def test_schedule_after_intent_records_a_meeting_draft_and_sends_nothing(live_bot, first):
    at_draft_card(opted_in(live_bot, OPERATOR, PROSPECT), first)
    sends = len(live_bot.sent())

    live_bot.deliver(tap(f"opp:{OID}:schedule"))

    assert len(live_bot.sent()) == sends
    assert live_bot.sent_to(PROSPECT) == []
    assert len(live_bot.app.flow.opportunity(OID).meetings) == 1
    assert live_bot.alerts() == []


def test_webhook_number_another_number_are_ignored(live_bot):
    opted_in(live_bot, OPERATOR, PROSPECT, STRANGER)
    live_bot.present()

    live_bot.deliver(tap(f"opp:{OID}:draft", sender=STRANGER))
    live_bot.deliver(tap(f"msg:{DRAFT_ID}:approve", sender=STRANGER))

    assert len(live_bot.sent()) == 1
    assert live_bot.app.flow.opportunity(OID).status == "presented"


@pytest.mark.parametrize(
    "message",
    [
        tap("opp:unknown-opportunity:draft"),
        tap("msg:d-unknown:approve"),
        tap("confirm:A12"),
        tap(f"opp:{OID}:delete"),
        {"from": OPERATOR, "id": "wamid.T", "type": "text", "text": {"body": "اعتماد"}},
        {
            "from": OPERATOR,
            "id": "wamid.U",
            "type": "unsupported",
            "errors": [{"code": 131051, "title": "Message type unknown"}],
        },
    ],
)
def test_anything_else_sends_nothing(live_bot, message):
    opted_in(live_bot, OPERATOR, PROSPECT)
    live_bot.present()

    live_bot.deliver(message)

    assert len(live_bot.sent()) == 1


# -- approval ----------------------------------------------------------------------------


def test_approve_with_live_send_and_opt_in_sends_exactly_one_text_to_the_prospect(live_bot):
    at_draft_card(opted_in(live_bot, OPERATOR, PROSPECT))

    live_bot.deliver(tap(f"msg:{DRAFT_ID}:approve"))

    [text] = live_bot.sent_to(PROSPECT)
    assert text["type"] == "text"
    assert text["recipient_type"] == "individual"
    assert text["text"]["body"].startswith("مرحباً سارة")
    assert live_bot.alerts() == []


def test_approve_with_live_send_off_sends_nothing_and_alerts(bot):
    at_draft_card(opted_in(bot, OPERATOR, PROSPECT))

    bot.deliver(tap(f"msg:{DRAFT_ID}:approve"))

    assert bot.sent_to(PROSPECT) == []
    [alert] = bot.alerts()
    assert alert["code"] is None
    assert "live sending is off" in alert["message"]


def test_approve_without_prospect_opt_in_sends_nothing_and_alerts(live_bot):
    at_draft_card(opted_in(live_bot, OPERATOR))

    live_bot.deliver(tap(f"msg:{DRAFT_ID}:approve"))

    assert live_bot.sent_to(PROSPECT) == []
    [alert] = live_bot.alerts()
    assert alert["code"] is None
    assert alert["wa_id"] == PROSPECT
    assert "not opted in" in alert["message"]


def test_set_live_send_switches_sending_on_for_the_run(bot):
    at_draft_card(opted_in(bot, OPERATOR, PROSPECT))

    assert bot.control(command="set_live_send", enabled=True)["live_send"] is True
    bot.deliver(tap(f"msg:{DRAFT_ID}:approve"))

    assert len(bot.sent_to(PROSPECT)) == 1


def test_opt_in_matches_numbers_written_differently(live_bot):
    at_draft_card(opted_in(live_bot, "+966 50 000 0001", "+966-500-000-002"))

    live_bot.deliver(tap(f"msg:{DRAFT_ID}:approve"))

    assert len(live_bot.sent_to(PROSPECT)) == 1


@pytest.mark.parametrize("action", ["edit", "cancel"])
def test_edit_and_cancel_send_nothing_to_the_prospect(live_bot, action):
    at_draft_card(opted_in(live_bot, OPERATOR, PROSPECT))

    live_bot.deliver(tap(f"msg:{DRAFT_ID}:{action}"))

    assert live_bot.sent_to(PROSPECT) == []


def test_approving_a_cancelled_draft_sends_nothing(live_bot):
    at_draft_card(opted_in(live_bot, OPERATOR, PROSPECT))
    live_bot.deliver(tap(f"msg:{DRAFT_ID}:cancel"))

    live_bot.deliver(tap(f"msg:{DRAFT_ID}:approve"))

    assert live_bot.sent_to(PROSPECT) == []
    assert live_bot.alerts() == []


def test_skip_after_draft_leaves_nothing_to_approve(live_bot):
    at_draft_card(opted_in(live_bot, OPERATOR, PROSPECT))
    live_bot.deliver(tap(f"opp:{OID}:skip"))

    live_bot.deliver(tap(f"msg:{DRAFT_ID}:approve"))

    assert live_bot.sent_to(PROSPECT) == []


def test_a_second_approval_does_not_send_again(live_bot):
    at_draft_card(opted_in(live_bot, OPERATOR, PROSPECT))

    live_bot.deliver(tap(f"msg:{DRAFT_ID}:approve"))
    live_bot.deliver(tap(f"msg:{DRAFT_ID}:approve"))

    assert len(live_bot.sent_to(PROSPECT)) == 1


def test_a_redelivered_message_is_acted_on_once(live_bot):
    opted_in(live_bot, OPERATOR, PROSPECT)
    live_bot.present()
    draft_tap = tap(f"opp:{OID}:draft", message_id="wamid.same-draft")

    live_bot.deliver(draft_tap)
    live_bot.deliver(draft_tap, draft_tap)

    assert len(live_bot.sent_to(OPERATOR)) == 2  # step-1 card and one step-2 card


def test_long_opportunity_ids_work_through_the_whole_flow(live_bot):
    opportunity = {**OPPORTUNITY, "id": "crm:" + "ف" * 400}
    opted_in(live_bot, OPERATOR, PROSPECT)
    live_bot.present(opportunity)
    [card] = live_bot.sent()
    draft_button = interactive_ids(card)[2]

    live_bot.deliver(tap(draft_button))
    step2 = live_bot.sent()[-1]
    live_bot.deliver(tap(interactive_ids(step2)[0]))

    assert all(len(i) <= 256 for i in interactive_ids(card) + interactive_ids(step2))
    assert len(live_bot.sent_to(PROSPECT)) == 1


# -- failures ----------------------------------------------------------------------------


def test_failed_status_becomes_an_alert_with_the_code(bot):
    status = {
        "id": "wamid.out-1",
        "status": "failed",
        "timestamp": "1750000600",
        "recipient_id": PROSPECT,
        "errors": [
            {
                "code": 131047,
                "title": "Re-engagement message",
                "message": "Re-engagement message",
                "error_data": {"details": "More than 24 hours have passed."},
            }
        ],
    }

    bot.post(_statuses(status))
    bot.post(_statuses(status))  # Meta redelivers; one alert is enough

    [alert] = bot.alerts()
    assert alert["code"] == 131047
    assert alert["wa_id"] == PROSPECT
    assert "Re-engagement message" in alert["message"]


@pytest.mark.parametrize("state", ["sent", "delivered", "read"])
def test_other_statuses_are_ignored(bot, state):
    bot.post(_statuses({"id": "wamid.1", "status": state, "recipient_id": PROSPECT}))

    assert bot.alerts() == []
    assert bot.sent() == []


def _statuses(*statuses: dict) -> dict:
    return envelope(statuses=list(statuses))


@pytest.mark.parametrize(("code", "status"), [(130429, 400), (130429, 429), (131047, 400)])
def test_graph_refusal_of_the_approved_draft_alerts_once_without_retry(live_bot, code, status):
    at_draft_card(opted_in(live_bot, OPERATOR, PROSPECT))
    refuse_next_sends(live_bot, code, status)

    live_bot.deliver(tap(f"msg:{DRAFT_ID}:approve"))

    assert len(live_bot.sent_to(PROSPECT)) == 1  # one attempt, no retry
    [alert] = live_bot.alerts()
    assert alert["code"] == code
    assert alert["wa_id"] == PROSPECT


def test_graph_refusal_of_the_card_still_answers_the_webhook(bot):
    opted_in(bot, OPERATOR)
    bot.present()
    refuse_next_sends(bot, 130429)

    bot.deliver(tap(f"opp:{OID}:draft"))  # asserts 200 {"status": "ok"}

    assert [a["code"] for a in bot.alerts()] == [130429]
    assert len(bot.sent()) == 2


def test_present_reports_a_graph_refusal(bot):
    opted_in(bot, OPERATOR)
    refuse_next_sends(bot, 131026)

    assert bot.present() == {"status": "failed", "code": 131026}
    assert bot.alerts()[0]["code"] == 131026


def test_a_network_failure_becomes_an_alert_without_code(live_bot):
    at_draft_card(opted_in(live_bot, OPERATOR, PROSPECT))
    live_bot.graph.replace(responses.POST, MESSAGES_URL, body=requests.ConnectTimeout("timeout"))

    live_bot.deliver(tap(f"msg:{DRAFT_ID}:approve"))

    [alert] = live_bot.alerts()
    assert alert["code"] is None
    assert alert["wa_id"] == PROSPECT


def test_a_batch_is_processed_entirely(live_bot):
    opted_in(live_bot, OPERATOR, PROSPECT)
    second = {**OPPORTUNITY, "id": "opp-2", "prospect": {"name": "علي", "wa_id": PROSPECT}}
    live_bot.present()
    live_bot.present(second)

    live_bot.deliver(tap(f"opp:{OID}:draft"), tap("opp:opp-2:skip"), tap("opp:opp-2:draft"))

    assert len(live_bot.sent_to(OPERATOR)) == 4


# -- control -----------------------------------------------------------------------------


def test_reset_forgets_everything_and_restores_the_default(bot):
    opted_in(bot, OPERATOR, PROSPECT)
    bot.present()
    bot.control(command="set_live_send", enabled=True)
    bot.deliver(tap(f"opp:{OID}:schedule", message_id="wamid.reused"))
    assert len(bot.alerts()) == 1

    assert bot.control(command="reset") == {"status": "ok"}

    flow = bot.app.flow
    assert not flow.is_opted_in(OPERATOR)
    assert flow.live_send is False
    assert flow.opportunity(OID) is None
    assert bot.alerts() == []
    # Seen message ids are forgotten too: the same id is acted on again.
    opted_in(bot, OPERATOR)
    bot.present()
    bot.deliver(tap(f"opp:{OID}:draft", message_id="wamid.reused"))
    assert flow.draft(DRAFT_ID) is not None


def test_alerts_are_json_with_code_and_message(bot):
    bot.present()

    alerts = bot.alerts()

    assert json.loads(json.dumps(alerts)) == alerts
    assert set(alerts[0]) >= {"code", "message"}

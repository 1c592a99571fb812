"""Taps by senders close to an operator, as the negative battery forges them (NEG-009).

One implementation for the battery's scenario and the explorer's action:
docs/negative-battery.md says which mistake each sender catches. Every such sender is
opted in first, so only who they are can stop the tap.
"""

from __future__ import annotations

from typing import Any

from harness.checks.check_context import CheckContext
from harness.checks.negative_values import NUMBER_VARIANTS

# A person of the factory no operator of a check or a conversation is.
STRANGER = 3
STRANGER_USERNAME = "@not.the.operator"
SAME_NAME = "another number with the operator's name"
USERNAME_SAME_NAME = "a username user with the operator's name"
# Not among them: the operator's phone with another ``from_user_id``. Meta rotates
# business-scoped user ids (``user_id_update``), so that sender may well be the operator.
SENDER_VARIANTS = (SAME_NAME, *NUMBER_VARIANTS, USERNAME_SAME_NAME)


def forged_tap(
    wa: CheckContext, who: str, *, phone: str, name: str, reply_id: str, title: str
) -> dict[str, Any]:
    """A tap on ``reply_id`` by ``who`` (one of ``SENDER_VARIANTS``), a sender close to
    the operator whose number is ``phone`` and profile name ``name``, opted in."""
    factory = wa.world.factory
    if who == USERNAME_SAME_NAME:
        person = factory.operator(STRANGER)
        wa.opt_in(person.user_id, by="user_id")
        tap = factory.button_reply(
            from_wa_id=person.wa_id, reply_id=reply_id, title=title, name=name
        )
        return factory.as_username_user(tap, username=STRANGER_USERNAME)
    number = factory.operator(STRANGER).wa_id if who == SAME_NAME else NUMBER_VARIANTS[who](phone)
    wa.opt_in(number)
    return factory.button_reply(from_wa_id=number, reply_id=reply_id, title=title, name=name)

"""The steps of an explored conversation as data: each action, its Gherkin line, and the
people and faults the actions name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.checks.actions import USERNAME_OPERATOR
from harness.settings import ENV_ALLOW_LIVE_SEND

OPERATORS = {"A": 0, "B": 1, "U": USERNAME_OPERATOR}
# The fake's presets, by the Meta error code a tester knows them by.
# The Graph API failures a conversation may meet, by Meta's code (the fake's one table,
# harness.fake_graph.faults, says how each is made).
FAULT_CODES = (130429, 131047, 131026, 131000)
SHAPES = ("plain", "long", "emoji")
# Statuses of one message as Meta may deliver them: the order on arrival is not
# guaranteed, and "delivered" is skipped when delivery and read coincide.
STATUS_ORDERS = {
    "delivered before sent": ("delivered", "sent"),
    "read before delivered": ("read", "delivered"),
    "read without delivered": ("sent", "read"),
    "failed after delivered": ("sent", "delivered", "failed"),
}


@dataclass(frozen=True, slots=True)
class Who:
    """An operator: ``known_as`` is the id the implementation knows them by."""

    label: str
    name: str
    phone: str
    user_id: str
    by_bsuid: bool

    @property
    def known_as(self) -> str:
        return self.user_id if self.by_bsuid else self.phone

    @property
    def ids(self) -> frozenset[str]:
        """Both ids: one person, however the fake Graph API or the target names them."""
        return frozenset({self.phone, self.user_id})


@dataclass(frozen=True, slots=True)
class Step:
    """One action of a conversation, replayable: the method and its arguments."""

    action: str
    args: tuple[Any, ...]

    def line(self) -> str:
        """The Gherkin text of this step (without its keyword)."""
        return LINES[self.action].format(*self.args)


LINES = {
    "configure": f'the implementation runs with {ENV_ALLOW_LIVE_SEND} set to "{{}}"',
    "opt_in_operator": "the explorer opts in operator {}",
    "opt_in_prospect": 'the explorer opts in the prospect of "{}"',
    "live": "live sending is switched {}",
    "present": 'opportunity "{}" with a {} brief is presented to operator {}',
    "tap": "operator {0} taps button {2} of card {1} with a {3} signature",
    "tap_batched": "operator {0} writes and taps button {2} of card {1} in one webhook, by {3}",
    "tap_at_once": "operator {0} taps button {2} of card {1}, delivered twice at once in {3} bytes",
    "reset": "the harness resets the implementation",
    "adopt_username": "operator {} adopts a username",
    "handshake": 'the verify handshake comes with the token "{}"',
    "handshake_mode": 'the verify handshake comes with the configured token and hub.mode "{}"',
    "forged_id": "operator {0} taps button {2} of card {1} with its reply id changed to {3}",
    "forged_sender": "button {1} of card {0} is tapped by {2}",
    "empty_body": "the explorer posts an empty body, correctly signed",
    "status_order": 'Meta reports message {} "{}" with contacts as {}, delivered {}',
    "schedule": "operator {} taps schedule on card {}",
    "redeliver": "tap {} is delivered again in {} bytes",
    "write": 'free text "{1}" comes from operator {0}',
    "unknown": 'operator {} taps a button with the unknown id "{}"',
    "fault": "the Graph API fails the next send with {}",
    "fault_all": "the Graph API fails every send with {}",
    "status": "Meta reports message {} failed with {}",
    "forged_status": "a failed status of message {} comes with a {} signature",
    "statuses": "Meta reports messages {} and {} failed with 131047 and 131026, batched by {}",
    "prospect_wrote": 'the prospect of "{}" writes to the business',
    "hours": "{} hours pass",
}

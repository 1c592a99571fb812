"""How a broken rule leaves a generated conversation: one exception class per rule, so
Hypothesis shrinks each rule's failure on its own; and the end of a round's time."""

from __future__ import annotations

from harness.checks.conversation_steps import Step
from harness.checks.judgments import Breach


class RuleBroken(AssertionError):
    """A step broke a rule of the design; ``steps`` is the conversation up to it."""

    rule_id = ""

    def __init__(self, breach: Breach, steps: list[Step]) -> None:
        super().__init__(f"{breach.rule_id}: {breach.text}")
        self.breach = breach
        self.steps = steps


_KINDS: dict[str, type[RuleBroken]] = {}


def broken(breach: Breach, steps: list[Step]) -> RuleBroken:
    """One exception class per rule, so Hypothesis shrinks each rule's failure on its own."""
    kind = _KINDS.get(breach.rule_id)
    if kind is None:
        name = "Broke" + breach.rule_id.replace("-", "")
        kind = type(name, (RuleBroken,), {"rule_id": breach.rule_id})
        _KINDS[breach.rule_id] = kind
    return kind(breach, steps)


class Exhausted(BaseException):
    """The time for this round is spent: Hypothesis stops at once, shrinking or not."""

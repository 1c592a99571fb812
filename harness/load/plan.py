"""The people and opportunities of a load run, the same in every process for one seed.

The orchestrator opts the operators in and presents the opportunities; each Locust
process taps its own share of them, so a tap on a given opportunity happens once across
all workers and every unique tap has exactly one expected effect: one step-2 card.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.webhooks.people import People

STRANGERS = 20


@dataclass(frozen=True, slots=True)
class Opportunity:
    """One presented opportunity and the operator who received its card."""

    id: str
    operator: str
    prospect: str

    def to_command(self) -> dict[str, Any]:
        """The ``present_opportunity`` control command of target interface v1."""
        return {
            "command": "present_opportunity",
            "operator": self.operator,
            "opportunity": {
                "id": self.id,
                "title": f"فرصة تحميل {self.id}",
                "company": "شركة الاختبار",
                "summary": "فرصة أنشأها اختبار التحميل",
                "prospect": {"name": "عميل محتمل", "wa_id": self.prospect},
            },
        }


@dataclass(frozen=True, slots=True)
class LoadPlan:
    """``operators`` opted-in operators and ``opportunities`` cards shared among them."""

    seed: int
    operators: tuple[str, ...]
    opportunities: tuple[Opportunity, ...]
    # Numbers on no ledger: people writing in who were never opted in.
    strangers: tuple[str, ...]

    @classmethod
    def build(cls, *, seed: int, operators: int, opportunities: int) -> LoadPlan:
        people = People(seed=seed)
        operator_ids = tuple(people.person("operator", i).wa_id for i in range(operators))
        cards = tuple(
            Opportunity(
                id=f"load-{seed}-{i}",
                operator=operator_ids[i % len(operator_ids)],
                # Prospects are never opted in: nothing may ever reach them in a load run.
                prospect=people.person("prospect", i).wa_id,
            )
            for i in range(opportunities)
        )
        strangers = tuple(people.person("stranger", i).wa_id for i in range(STRANGERS))
        return cls(seed=seed, operators=operator_ids, opportunities=cards, strangers=strangers)

    def share(self, worker_index: int, workers: int) -> tuple[Opportunity, ...]:
        """The opportunities one Locust process taps: every ``workers``-th one."""
        return self.opportunities[worker_index :: max(workers, 1)]

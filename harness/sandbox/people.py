"""Who is in a sandbox session, and what the harness told the implementation about them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from harness.errors import UsageError
from harness.webhooks.people import Person

# The operator, the prospect of the latest opportunity, and a stranger: someone else who
# can tap the operator's card (as in FLW-023).
ROLES = ("operator", "prospect", "stranger")
# The stranger is the checks' "another opted-in number", so an export names the same one.
STRANGER_INDEX = 1


@dataclass
class Told:
    """What the harness told the implementation; guarded by the session's state lock."""

    prospect: dict[str, str]
    opted_in: set[str] = field(default_factory=set)
    live_send: bool | None = None
    opportunities: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Cast:
    """The fixed people of a session: the operator and the stranger."""

    operator: Person
    stranger: Person

    def wa_id_of(self, role: str, world: Told) -> str:
        if role == "operator":
            return self.operator.wa_id
        if role == "stranger":
            return self.stranger.wa_id
        if role == "prospect":
            return world.prospect["wa_id"]
        raise UsageError(f"role must be one of {', '.join(ROLES)}, not {role!r}")

    def name_of(self, role: str, world: Told) -> str:
        if role == "operator":
            return self.operator.name
        if role == "stranger":
            return self.stranger.name
        return world.prospect["name"]

    def role_of(self, wa_id: str | None, world: Told) -> str:
        if wa_id == self.operator.wa_id:
            return "operator"
        if wa_id == self.stranger.wa_id:
            return "stranger"
        prospects = {o["prospect"]["wa_id"] for o in world.opportunities.values()}
        prospects.add(world.prospect["wa_id"])
        return "prospect" if wa_id in prospects else "other"

    def people(self, world: Told) -> dict[str, dict[str, Any]]:
        return {
            "operator": {"name": self.operator.name, "wa_id": self.operator.wa_id},
            "prospect": dict(world.prospect),
            "stranger": {"name": self.stranger.name, "wa_id": self.stranger.wa_id},
        }

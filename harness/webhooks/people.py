"""Fake operators and prospects: Arabic names and Saudi WhatsApp numbers from Faker ar_SA."""

from __future__ import annotations

from dataclasses import dataclass

from faker import Faker

from harness.cloud_api.ids import derived_seed, user_id


@dataclass(frozen=True, slots=True)
class Person:
    """Someone on the user side of a chat: display name, WhatsApp id and BSUID."""

    name: str
    wa_id: str
    user_id: str


class People:
    """Deterministic fake people for one seed; the same key always gives the same person."""

    def __init__(self, *, seed: int = 0) -> None:
        self._seed = seed
        self._faker = Faker("ar_SA")

    def person(self, role: str, index: int | str) -> Person:
        """The person of ``role`` under ``index`` (e.g. "operator", 0; "prospect", "FLW-013:0")."""
        self._faker.seed_instance(derived_seed(self._seed, "person", role, index))
        wa_id = self._faker.numerify("9665########")
        return Person(
            name=self.name_for(wa_id), wa_id=wa_id, user_id=user_id(seed=self._seed, wa_id=wa_id)
        )

    def name_for(self, wa_id: str) -> str:
        """The display name a number always gets for this seed."""
        self._faker.seed_instance(derived_seed(self._seed, "name", wa_id))
        return self._name()

    def _name(self) -> str:
        # first + last avoids Faker's honorifics ("الدكتور"), which real profiles rarely carry.
        return f"{self._faker.first_name()} {self._faker.last_name()}"

"""Opportunities for the "present an opportunity" form: Faker ar_SA data, checked on the way in."""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from typing import Any

from faker import Faker

from harness.errors import UsageError
from harness.webhooks.people import Person

FIRST_ID = 1001
_TITLES = (
    "فرصة توريد أجهزة مكتبية",
    "طلب عرض سعر لخدمات الصيانة",
    "تجديد عقد الدعم الفني",
    "توريد أثاث لمقر جديد",
)
_WA_ID = re.compile(r"^\+?\d{8,15}$")


class OpportunityMaker:
    """The next opportunity to offer (stable until it is presented), and the checks on one."""

    def __init__(self, prospect: Person, *, seed: int = 0) -> None:
        self._prospect = {"name": prospect.name, "wa_id": prospect.wa_id}
        self._faker = Faker("ar_SA")
        self._faker.seed_instance(seed)
        self._lock = threading.Lock()
        self._number = FIRST_ID
        self._draft: dict[str, Any] | None = None

    def prospect(self) -> dict[str, str]:
        """The default prospect: the checks' first prospect, so exports meet the same person."""
        return dict(self._prospect)

    def draft(self) -> dict[str, Any]:
        """The opportunity the form offers next, in the interface's shape (a copy)."""
        with self._lock:
            if self._draft is None:
                company = self._faker.company()
                self._draft = {
                    "id": f"opp-{self._number}",
                    "title": _TITLES[self._number % len(_TITLES)],
                    "company": company,
                    "summary": (
                        f"تواصل {self._prospect['name']} من {company} بخصوص عرض سعر، "
                        "ويرغب في موعد خلال هذا الأسبوع."
                    ),
                    "prospect": dict(self._prospect),
                }
            return {**self._draft, "prospect": dict(self._draft["prospect"])}

    def used(self, opportunity_id: str) -> None:
        """After ``opportunity_id`` was presented, the form moves on to a new one."""
        with self._lock:
            if self._draft is not None and self._draft["id"] == opportunity_id:
                self._number += 1
                self._draft = None

    @staticmethod
    def check(data: Mapping[str, Any]) -> dict[str, Any]:
        """``data`` as an opportunity of the interface's shape; anything else is a UsageError."""
        fields = {}
        for name in ("id", "title", "company", "summary"):
            value = data.get(name)
            if not isinstance(value, str) or not value.strip():
                raise UsageError(f"the opportunity needs a non-empty {name}")
            fields[name] = value.strip()
        prospect = data.get("prospect")
        if not isinstance(prospect, Mapping):
            raise UsageError("the opportunity needs a prospect with a name and a wa_id")
        person, wa_id = prospect.get("name"), prospect.get("wa_id")
        if not isinstance(person, str) or not person.strip():
            raise UsageError("the prospect needs a name")
        if not isinstance(wa_id, str) or not _WA_ID.match(wa_id.strip()):
            raise UsageError("the prospect's wa_id is a phone number in digits, like 9665XXXXXXXX")
        return {**fields, "prospect": {"name": person.strip(), "wa_id": wa_id.strip().lstrip("+")}}

"""Format-preserving pseudonyms: same shape as the original, nothing of it inside."""

from __future__ import annotations

import base64
import random
import re
import string
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from harness.cloud_api.ids import wamid as make_wamid
from harness.reports.redaction import PIECE

# Two-digit calling codes; 1 and 7 are one digit; every other code is three (ITU E.164).
_TWO_DIGIT_CODES = frozenset(
    [
        "20",
        "27",
        "30",
        "31",
        "32",
        "33",
        "34",
        "36",
        "39",
        "40",
        "41",
        "43",
        "44",
        "45",
        "46",
        "47",
        "48",
        "49",
        "51",
        "52",
        "53",
        "54",
        "55",
        "56",
        "57",
        "58",
        "60",
        "61",
        "62",
        "63",
        "64",
        "65",
        "66",
        "81",
        "82",
        "84",
        "86",
        "90",
        "91",
        "92",
        "93",
        "94",
        "95",
        "98",
    ]
)
# Faker locales for the scripts names are written in; anything else gets English names.
_LOCALES = (
    ("ARABIC", "ar_SA"),
    ("CYRILLIC", "ru_RU"),
    ("HEBREW", "he_IL"),
    ("DEVANAGARI", "hi_IN"),
    ("CJK", "zh_CN"),
    ("HANGUL", "ko_KR"),
    ("GREEK", "el_GR"),
    ("THAI", "th_TH"),
)
_BSUID = re.compile(r"^(?P<country>[A-Z]{2}\.)(?P<ent>ENT\.)?(?P<rest>[0-9A-Za-z]+)$")
_ATTEMPTS = 50


def calling_code(number: str) -> str:
    """The country calling code at the start of an E.164 number written as digits."""
    if number[:1] in ("1", "7"):
        return number[:1]
    return number[:2] if number[:2] in _TWO_DIGIT_CODES else number[:3]


def is_bsuid(value: str) -> bool:
    """True for a business-scoped user id such as ``SA.3460…`` or ``SA.ENT.1234…``."""
    return _BSUID.match(value) is not None


def locale_for(text: str) -> str:
    """The Faker locale whose names are written in ``text``'s script (Arabic for Arabic)."""
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            return next((loc for script, loc in _LOCALES if name.startswith(script)), "en_US")
    return "en_US"


class Pseudonyms:
    """Draws pseudonyms from a session's own random source, never from the original's value.

    A hash of the original would let anyone re-derive a phone number by trying them all;
    a random draw kept in a table only for the session cannot be reversed.
    """

    def __init__(self, rng: random.Random, avoid: Iterable[str] = ()) -> None:
        self._rng = rng
        self._avoid: set[str] = set()
        self._words: set[str] = set()
        self.avoid(avoid)
        self._wamids = 0

    def avoid(self, originals: Iterable[str]) -> None:
        """No pseudonym drawn from now on shares a piece of ``PIECE`` characters with these."""
        for original in originals:
            self._avoid.update(_grams(original))
            # Short words of a name ("Ali") are judged whole: a namesake would be a leak.
            self._words.update(original.split())

    def phone(self, number: str) -> str:
        """Same length and calling code; the first national digit kept (mobile prefixes)."""
        plus = "+" if number.startswith("+") else ""
        digits = number.removeprefix("+")
        keep = min(len(calling_code(digits)) + 1, max(len(digits) - 4, 0))
        return plus + self._draw(lambda: digits[:keep] + self._digits(len(digits) - keep))

    def bsuid(self, value: str) -> str:
        """Country and ``ENT.`` kept; the rest redrawn character by character."""
        match = _BSUID.match(value)
        if match is None:
            return self.shaped(value)
        head = match["country"] + (match["ent"] or "")
        return self._draw(lambda: head + self._like(match["rest"], first_nonzero=True))

    def shaped(self, value: str, *, keep: int = 0) -> str:
        """Digits for digits, letters for letters (same case), everything else kept."""
        return self._draw(lambda: value[:keep] + self._like(value[keep:]))

    def wamid(self, value: str, number: Callable[[str], str]) -> str:
        """A new ``wamid.`` framed as Meta frames it, around the pseudonym of its number."""
        self._wamids += 1
        inside = wamid_number(value)
        if inside is None:
            return self.shaped(value, keep=len("wamid."))
        seed = self._rng.randrange(2**32)
        return make_wamid(seed=seed, counter=self._wamids, wa_id=number(inside), kind="recorded")

    def name(self, original: str) -> str:
        """A person's name from the locale of ``original``'s script."""
        faker = _faker(locale_for(original))
        return self._draw(lambda: _seeded(faker, self._rng).name())

    def sentence(self, original: str) -> str:
        """Free text of about the same length, in the same script."""
        locale = locale_for(original)
        # Faker's Arabic words live in ar_AA; ar_SA has names but no lorem.
        faker = _faker("ar_AA" if locale.startswith("ar") else locale)

        def draw() -> str:
            text = _seeded(faker, self._rng).sentence(nb_words=max(2, len(original.split())))
            return str(text)[: max(len(original), 8)]

        return self._draw(draw)

    def _draw(self, make: Callable[[], str]) -> str:
        for _ in range(_ATTEMPTS):
            candidate = make()
            if not _grams(candidate) & self._avoid and not set(candidate.split()) & self._words:
                self._avoid.update(_grams(candidate))
                return candidate
        # Only a tiny alphabet can fail 50 times; an opaque token cannot leak anything.
        return "x" + self._like("0" * 15)

    def _digits(self, size: int) -> str:
        return "".join(self._rng.choice(string.digits) for _ in range(size))

    def _like(self, value: str, *, first_nonzero: bool = False) -> str:
        out: list[str] = []
        for char in value:
            if char.isascii() and char.isdigit():
                pool = string.digits[1:] if first_nonzero and not out else string.digits
                out.append(self._rng.choice(pool))
            elif char.isascii() and char.islower():
                out.append(self._rng.choice(string.ascii_lowercase))
            elif char.isascii() and char.isupper():
                out.append(self._rng.choice(string.ascii_uppercase))
            else:
                out.append(char)
        return "".join(out)


def wamid_number(value: str) -> str | None:
    """The user's number inside a ``wamid.``, or None when it is not framed as Meta's."""
    if not value.startswith("wamid."):
        return None
    try:
        raw = base64.b64decode(value.removeprefix("wamid."), validate=True)
    except ValueError:
        return None
    if len(raw) < 3 or raw[:2] != b"\x1c\x18" or len(raw) < 3 + raw[2]:
        return None
    number = raw[3 : 3 + raw[2]].decode("ascii", errors="replace")
    return number if number.isdigit() else None


def _grams(value: str) -> set[str]:
    return {value[i : i + PIECE] for i in range(len(value) - PIECE + 1)}


@cache
def _faker(locale: str) -> Any:
    # Faker takes a while to import and to build a locale; only names need it.
    from faker import Faker

    return Faker(locale)


def _seeded(faker: Any, rng: random.Random) -> Any:
    faker.seed_instance(rng.randrange(2**32))
    return faker

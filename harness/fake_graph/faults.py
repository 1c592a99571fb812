"""Injected failures: a preset (what goes wrong) plus a trigger (which calls it hits)."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

from harness.cloud_api.catalogue import load_catalogue
from harness.errors import UsageError
from harness.fake_graph.recipients import wa_id_from

TRIGGERS = ("always", "next", "every", "recipient")
_OPTION_FIELDS = ("http_status", "code", "where", "seconds")


@functools.cache
def presets() -> Mapping[str, Mapping[str, Any]]:
    """The packaged preset descriptions (``fault_presets.json``), read once."""
    text = resources.files(__package__).joinpath("fault_presets.json").read_text("utf-8")
    raw = json.loads(text)
    return MappingProxyType({name: spec for name, spec in raw.items() if not name.startswith("$")})


@functools.cache
def presets_by_code() -> Mapping[int, tuple[str, int | None]]:
    """Meta's error code -> the preset that answers with it, and that preset's ``code``
    option when the code is one of its choices: the one table steps and the sandbox use."""
    table: dict[int, tuple[str, int | None]] = {}
    for name, spec in presets().items():
        if spec["effect"] != "error":
            continue
        table.setdefault(int(load_catalogue().get(spec["error"]).code), (name, None))
        for code in spec.get("choices", {}).get("code", ()):
            table.setdefault(int(code), (name, int(code)))
    return MappingProxyType(table)


def fault_for_code(code: int, **trigger: Any) -> FaultRule:
    """The rule that makes the fake answer with Meta's ``code`` on the calls ``trigger`` picks."""
    known = presets_by_code()
    if code not in known:
        raise UsageError(
            f"no fault for code {code}; codes the fake answers with: {', '.join(map(str, known))}"
        )
    preset, option = known[code]
    return FaultRule(preset, code=option, **trigger)


@dataclass(frozen=True, slots=True)
class FaultEffect:
    """What a firing rule does to one call, with every option resolved."""

    kind: str  # "error" | "delay" | "hang"
    error_key: str | None = None
    http_status: int | None = None
    where: str = "sync"
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class FaultRule:
    """Preset ``preset`` on the calls picked by ``trigger`` (and ``recipient``, when given).

    Triggers: ``always``; ``next`` (the next ``n`` calls); ``every`` (every ``n``-th call);
    ``recipient`` (every call to ``recipient``). ``recipient`` also narrows the other triggers.
    """

    preset: str
    trigger: str = "always"
    n: int | None = None
    recipient: str | None = None
    http_status: int | None = None
    code: int | None = None
    where: str | None = None
    seconds: float | None = None

    def __post_init__(self) -> None:
        known = presets()
        if self.preset not in known:
            raise UsageError(
                f"unknown fault preset {self.preset!r}; valid presets: {', '.join(known)}"
            )
        _check_trigger(self)
        if self.recipient is not None:
            object.__setattr__(self, "recipient", wa_id_from(self.recipient))
        _check_options(self, known[self.preset])

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FaultRule:
        """Build from JSON (the loopback ``/_harness/faults`` body); unknown keys are errors."""
        allowed = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise UsageError(
                f"unknown fault field(s) {', '.join(unknown)}; valid: {', '.join(sorted(allowed))}"
            )
        if "preset" not in data:
            raise UsageError(f"a fault needs a preset; valid presets: {', '.join(presets())}")
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def effect(self) -> FaultEffect:
        """The preset's behaviour with this rule's options applied."""
        spec = presets()[self.preset]
        if spec["effect"] != "error":
            seconds = self.seconds if self.seconds is not None else float(spec["seconds"])
            return FaultEffect(kind=spec["effect"], seconds=seconds)
        key = str(self.code) if self.code is not None else spec["error"]
        error = load_catalogue().get(key)
        return FaultEffect(
            kind="error",
            error_key=key,
            http_status=self.http_status or error.http_status,
            where=self.where or error.where,
        )


def _check_trigger(rule: FaultRule) -> None:
    if rule.trigger not in TRIGGERS:
        raise UsageError(f"unknown fault trigger {rule.trigger!r}; valid: {', '.join(TRIGGERS)}")
    if rule.trigger in ("next", "every") and (not isinstance(rule.n, int) or rule.n < 1):
        raise UsageError(f"trigger {rule.trigger!r} needs n, a whole number of calls >= 1")
    if rule.trigger not in ("next", "every") and rule.n is not None:
        raise UsageError(f"n counts calls for triggers 'next' and 'every', not {rule.trigger!r}")
    if rule.trigger == "recipient" and not rule.recipient:
        raise UsageError("trigger 'recipient' needs recipient, the wa_id or user_id to fail")


def _check_options(rule: FaultRule, spec: Mapping[str, Any]) -> None:
    allowed = spec["options"]
    for name in _OPTION_FIELDS:
        value = getattr(rule, name)
        if value is None:
            continue
        if name not in allowed:
            takes = ", ".join(allowed) or "no options"
            raise UsageError(f"fault preset {rule.preset!r} takes {takes}, not {name}")
        choices = _choices(name, spec)
        if choices is not None and value not in choices:
            raise UsageError(
                f"{name}={value!r} is not valid for preset {rule.preset!r}; "
                f"choose one of: {', '.join(map(str, choices))}"
            )
        if name == "seconds" and (not isinstance(value, int | float) or value < 0):
            raise UsageError(f"seconds must be a number >= 0, not {value!r}")


def _choices(name: str, spec: Mapping[str, Any]) -> tuple[Any, ...] | None:
    if name in spec.get("choices", {}):
        return tuple(spec["choices"][name])
    if name == "http_status":
        return load_catalogue().get(spec["error"]).http_status_options
    if name == "where":
        return load_catalogue().get(spec["error"]).where_options
    return None


@dataclass(slots=True)
class _ArmedRule:
    rule: FaultRule
    seen: int = 0
    fired: int = 0


class FaultBook:
    """The active rules with their call counters; thread-safe."""

    def __init__(self) -> None:
        self._armed: list[_ArmedRule] = []
        self._lock = threading.Lock()

    def add(self, rule: FaultRule) -> None:
        with self._lock:
            self._armed.append(_ArmedRule(rule))

    def clear(self, rule: FaultRule | None = None) -> None:
        """Drop every rule, or only ``rule`` (this very object) with the others' counters kept."""
        with self._lock:
            self._armed = [a for a in self._armed if rule is not None and a.rule is not rule]

    def rules(self) -> list[FaultRule]:
        with self._lock:
            return [armed.rule for armed in self._armed]

    def pick(self, recipient: str | None, *aliases: str) -> FaultRule | None:
        """The first rule that fires for this call; every matching rule counts the call.

        ``aliases`` are the recipient's other identifiers (its BSUID beside its phone), so a
        rule naming either fires.
        """
        chosen: FaultRule | None = None
        names = {recipient, *aliases}
        with self._lock:
            for armed in self._armed:
                rule = armed.rule
                if rule.recipient is not None and rule.recipient not in names:
                    continue
                armed.seen += 1
                fires = (
                    (rule.trigger == "next" and armed.fired < (rule.n or 0))
                    or (rule.trigger == "every" and armed.seen % (rule.n or 1) == 0)
                    or rule.trigger in ("always", "recipient")
                )
                if fires and chosen is None:
                    armed.fired += 1
                    chosen = rule
        return chosen

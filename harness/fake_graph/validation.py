"""Judging a /messages body as Meta does: schema choice, JSON Schema, rules a schema cannot say."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from harness.cloud_api.schema_files import validator
from harness.errors import CheckFailed

INVALID_PARAMETER = 100
VALUE_INVALID = 131009
# A missing parameter is code 100 with the path in the message, "(#100) The parameter to is
# required.", without error_data (docs/cloud-api.md: CAP-C, CAP-I, CAP-H).
REQUIRED_KEY = "100/required"
MAX_LIST_ROWS = 10

# Keywords not listed here are limits (lengths, counts, patterns): Meta answers those 131009.
_KEYWORD_CODES = {
    "required": INVALID_PARAMETER,
    "additionalProperties": INVALID_PARAMETER,
    "type": INVALID_PARAMETER,
    "enum": INVALID_PARAMETER,
    "const": INVALID_PARAMETER,
}
_TYPE_NAMES = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "integer": "an integer",
    "boolean": "a boolean",
}


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule: where (``$.interactive.action.buttons[3]``), which, and Meta's words."""

    json_path: str
    rule: str
    details: str
    code: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def error_key(self) -> str:
        """The catalogue entry Meta answers this violation with."""
        return REQUIRED_KEY if self.rule == "required" else str(self.code)


def iter_violations(body: Any) -> Iterator[Violation]:
    """Every violation in ``body``: schema limits first, then rules a schema cannot say."""
    if not isinstance(body, Mapping):
        yield Violation("$", "body_object", "Request body must be a JSON object", INVALID_PARAMETER)
        return
    for error in validator_for(body).iter_errors(body):
        yield from _from_schema_error(error)
    yield from _rule_breaches(body)


def conforms(body: Any) -> bool:
    """True when Meta would accept ``body`` as far as its shape and limits go."""
    return next(iter_violations(body), None) is None


def assert_conforms(body: Any) -> None:
    """Raise ``CheckFailed`` listing every violation, or return quietly."""
    found = list(iter_violations(body))
    if found:
        lines = "\n".join(f"  {v.json_path}: ({v.code}) {v.details} [{v.rule}]" for v in found)
        raise CheckFailed(f"the /messages body breaks {len(found)} Cloud API rule(s):\n{lines}")


def schema_name_for(body: Mapping[str, Any]) -> str:
    """Pick the schema by what the body says it is; ``message`` explains an unknown kind."""
    if "status" in body and "type" not in body:
        return "mark_read"
    # A non-string kind (a list, say) is unknown, not a crash of the fake.
    kind = _text(body.get("type"))
    if kind == "interactive":
        interactive = body.get("interactive")
        sub = _text(interactive.get("type")) if isinstance(interactive, Mapping) else ""
        return {"button": "interactive_button", "list": "interactive_list"}.get(sub, "message")
    return {"text": "text", "template": "template"}.get(kind, "message")


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def unmodelled_kind(body: Any) -> str | None:
    """``"image"`` or ``"interactive/cta_url"`` for a kind Meta accepts that the fake does not
    model (its content is not judged), else None."""
    if not isinstance(body, Mapping) or schema_name_for(body) != "message":
        return None
    kind = _text(body.get("type"))
    if kind == "interactive":
        interactive = body.get("interactive")
        sub = _text(interactive.get("type")) if isinstance(interactive, Mapping) else ""
        return f"interactive/{sub}" if sub else None
    return kind or None


def validator_for(body: Mapping[str, Any]) -> Draft202012Validator:
    """The validator that judges ``body``."""
    return validator("outbound", schema_name_for(body))


def param_name(path: Sequence[str | int]) -> str:
    """Meta's way to name a parameter: ``interactive['action']['buttons'][0]``."""
    if not path:
        return "body"
    head, *rest = path
    return str(head) + "".join(f"[{p}]" if isinstance(p, int) else f"['{p}']" for p in rest)


def json_path(path: Sequence[str | int]) -> str:
    """``$.interactive.action.buttons[3]`` for a path of keys and indexes."""
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _from_schema_error(error: ValidationError) -> Iterator[Violation]:
    path = list(error.absolute_path)
    keyword = str(error.validator)
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if keyword == "required":
        missing = _missing_property(error)
        where = [*path, missing]
        details = f"The parameter {param_name(where)} is required."
        yield Violation(json_path(where), "required", details, INVALID_PARAMETER)
        return
    if keyword == "additionalProperties":
        for extra in _unexpected_keys(error.instance, schema):
            owner = f'param "{param_name(path)}"' if path else "the request body"
            details = f'Unexpected key "{extra}" on {owner}.'
            yield Violation(json_path([*path, extra]), "unknown_field", details, INVALID_PARAMETER)
        return
    custom = schema.get("x-details", {})
    details = custom.get(keyword) or _generic_details(keyword, error, path)
    code = schema.get("x-code", _KEYWORD_CODES.get(keyword, VALUE_INVALID))
    rule = schema.get("x-rule", keyword)
    yield Violation(json_path(path), rule, details, code)


def _missing_property(error: ValidationError) -> str:
    # jsonschema reports one missing property per error and names it first in the message.
    instance = error.instance if isinstance(error.instance, Mapping) else {}
    required = error.validator_value
    names = [str(p) for p in required] if isinstance(required, list) else []
    missing = [p for p in names if p not in instance]
    return next((p for p in missing if error.message.startswith(repr(p))), missing[0])


def _unexpected_keys(instance: Any, schema: Mapping[str, Any]) -> list[str]:
    allowed = schema.get("properties", {})
    return [key for key in instance if key not in allowed]


def _generic_details(keyword: str, error: ValidationError, path: list[str | int]) -> str:
    name = param_name(path)
    limit = error.validator_value
    if keyword == "maxLength":
        return f"Param {name} must be at most {limit} characters long"
    if keyword == "minLength":
        return f"Param {name} must be at least {limit} characters long"
    if keyword == "maxItems":
        return f"Param {name} must have at most {limit} items"
    if keyword == "minItems":
        return f"Param {name} must have at least {limit} item{'' if limit == 1 else 's'}"
    if keyword == "type":
        expected = str(limit[0] if isinstance(limit, list) else limit)
        return f"Param {name} must be {_TYPE_NAMES.get(expected, expected)}"
    if keyword in ("enum", "const"):
        options = limit if keyword == "enum" and isinstance(limit, list) else [limit]
        return f"Param {name} must be one of {{{', '.join(map(str, options))}}}"
    return f"Param {name} is not valid"


def _rule_breaches(body: Mapping[str, Any]) -> Iterator[Violation]:
    """Breaches of the rules a schema cannot say; malformed parts are left to the schema."""
    interactive = body.get("interactive")
    if body.get("type") != "interactive" or not isinstance(interactive, Mapping):
        return
    action = interactive.get("action")
    if not isinstance(action, Mapping):
        return
    if interactive.get("type") == "button":
        yield from _button_breaches(action.get("buttons"))
    elif interactive.get("type") == "list":
        yield from _list_breaches(action.get("sections"))


def _button_breaches(buttons: Any) -> Iterator[Violation]:
    if not isinstance(buttons, list):
        return
    seen_titles: set[str] = set()
    seen_ids: set[str] = set()
    for index, button in enumerate(buttons):
        reply = button.get("reply") if isinstance(button, Mapping) else None
        if not isinstance(reply, Mapping):
            continue
        where = ("interactive", "action", "buttons", index, "reply")
        title, button_id = reply.get("title"), reply.get("id")
        if isinstance(title, str):
            if title in seen_titles:
                yield _breach(
                    (*where, "title"),
                    "button_titles_unique",
                    "Buttons titles must be unique",
                    VALUE_INVALID,
                )
            seen_titles.add(title)
        if isinstance(button_id, str):
            if button_id in seen_ids:
                yield _breach(
                    (*where, "id"), "button_ids_unique", "Buttons ids must be unique", VALUE_INVALID
                )
            seen_ids.add(button_id)
            if button_id and button_id != button_id.strip():
                yield _breach(
                    (*where, "id"),
                    "button_id_spaces",
                    "Button id must not have leading or trailing spaces",
                    VALUE_INVALID,
                )


def _list_breaches(sections: Any) -> Iterator[Violation]:
    if not isinstance(sections, list):
        return
    where = ("interactive", "action", "sections")
    total = sum(
        len(s["rows"])
        for s in sections
        if isinstance(s, Mapping) and isinstance(s.get("rows"), list)
    )
    if total > MAX_LIST_ROWS:
        details = f"Total row count exceed max allowed count: {MAX_LIST_ROWS}"
        yield _breach(where, "list_total_rows", details, VALUE_INVALID)
    if len(sections) > 1:
        for index, section in enumerate(sections):
            if isinstance(section, Mapping) and "title" not in section:
                yield _breach(
                    (*where, index, "title"),
                    "section_titles_required",
                    "The parameter interactive['action']['sections'][*]['title'] is required "
                    "when there is more than one section.",
                    131008,
                )


def _breach(path: tuple[str | int, ...], rule: str, details: str, code: int) -> Violation:
    return Violation(json_path(path), rule, details, code)

"""The options of a graded run, written once: ``wa-harness run`` spells them ``--NAME``,
the pytest plugin ``--wa-NAME``. Each front end turns this table into its own parser's
options, so the two cannot drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from harness.selection import Selection, parse_levels, split_patterns
from harness.settings import DEFAULT_CONTROL_PATH, PROFILES

Kind = Literal["text", "path", "folder", "flag", "float", "int", "choice"]
Part = Literal["settings", "selection", "report"]


@dataclass(frozen=True, slots=True)
class RunOption:
    """One option: its flag without dashes, the keyword it fills, and how it is parsed."""

    flag: str
    dest: str
    help: str
    kind: Kind = "text"
    # Shown as the default in --help; the front ends pass None when the option is not
    # given, and build_settings() keeps its own default then.
    default: str | float | int | None = None
    multiple: bool = False
    choices: tuple[str, ...] = ()
    bounds: tuple[float, float] | None = None
    metavar: str | None = None
    # Where the value goes: a HarnessSettings field, the check selection, or a report path.
    part: Part = "settings"


TARGET_OPTIONS = (
    RunOption(
        "target-cmd", "target_cmd", "Start the HTTP target with this command (it gets PORT)."
    ),
    RunOption(
        "target-file",
        "target_file",
        "TOML file mapping a module's names onto the interface's roles.",
        kind="path",
    ),
    RunOption(
        "control-path",
        "control_path",
        "Path of the target's control endpoint.",
        default=DEFAULT_CONTROL_PATH,
    ),
)
"""How the target is reached, besides --target itself."""

SECRET_OPTIONS = (
    RunOption("app-secret", "app_secret", "Default: $WHATSAPP_APP_SECRET, else generated."),
    RunOption("access-token", "access_token", "Default: $WHATSAPP_ACCESS_TOKEN, else generated."),
    RunOption("verify-token", "verify_token", "Default: $WHATSAPP_VERIFY_TOKEN, else generated."),
)

GRADING_OPTIONS = (
    RunOption("profile", "profiles", f"Comma-separated subset of {','.join(PROFILES)}."),
    RunOption("strict", "strict", "SHOULD checks fail the run too.", kind="flag"),
    RunOption(
        "partial-as-not-run",
        "partial_as_not_run",
        "Count a MUST check that judged only part of its subject as not run (INCOMPLETE).",
        kind="flag",
    ),
    RunOption(
        "phone-number-id", "phone_number_id", "Business phone number id handed to the target."
    ),
    RunOption(
        "graph",
        "graph",
        "How the fake Graph API is reached (auto: by target kind).",
        kind="choice",
        choices=("auto", "in-process", "loopback"),
        default="auto",
    ),
    RunOption(
        "allow-host",
        "allow_hosts",
        "In-process: let the target reach HOST for real (repeatable); others are refused.",
        multiple=True,
        metavar="HOST",
    ),
    RunOption(
        "timeout",
        "timeout_s",
        "Seconds to wait for each answer from an HTTP target.",
        kind="float",
        bounds=(0.1, 600),
        default=10.0,
    ),
    RunOption(
        "startup-timeout",
        "startup_timeout_s",
        "Seconds --target-cmd has to open its port.",
        kind="float",
        bounds=(0.5, 600),
        default=30.0,
    ),
    RunOption(
        "settle",
        "settle_s",
        "Least seconds to wait for effects after an answer before concluding none came. "
        "By default learned from the target: 0.5 until a few effects were timed, then 1.5 "
        "times the latest (at least 0.1). Not waited for a target that answers the "
        "'settle' control command.",
        kind="float",
        bounds=(0, 60),
    ),
    RunOption("seed", "seed", "Seed for generated data.", kind="int", default=0),
    RunOption(
        "explore",
        "explore_s",
        "After the checks, explore the target this many seconds; each confirmed finding "
        "becomes a check (XPL-001...). With --parallel, exploration runs once, after the shards.",
        kind="float",
        bounds=(1, 86400),
        metavar="SECONDS",
    ),
    RunOption(
        "features",
        "features",
        "Also run the .feature files in DIR (steps: 'wa-harness steps'); repeatable.",
        kind="folder",
        multiple=True,
        metavar="DIR",
    ),
)
"""What is graded and how: profiles, strictness, the fake, time limits, seed, QA folders."""

SELECTION_OPTIONS = (
    RunOption(
        "check",
        "checks",
        "Only this check id or glob (FLW-013, 'FLW-*'); repeatable, or A,B.",
        multiple=True,
        metavar="ID",
        part="selection",
    ),
    RunOption(
        "exclude",
        "exclude",
        "Leave out this check id or glob; repeatable.",
        multiple=True,
        metavar="ID",
        part="selection",
    ),
    RunOption(
        "level",
        "levels",
        "Only checks of this level: MUST, SHOULD or INFO; repeatable.",
        multiple=True,
        metavar="LEVEL",
        part="selection",
    ),
)
"""Which checks run; the CLI adds --last-failed, pytest has its own --lf."""

REPORT_OPTIONS = (
    RunOption("json", "json", "Write the JSON report.", kind="path", part="report"),
    RunOption("junit", "junit", "Write JUnit XML.", kind="path", part="report"),
    RunOption("html", "html", "Write the HTML report.", kind="path", part="report"),
    RunOption(
        "cucumber-json",
        "cucumber",
        "Write a cucumber JSON report (check ids as tags).",
        kind="path",
        part="report",
    ),
    RunOption(
        "transcript",
        "transcript",
        "Write a plain-text transcript of every check, for QA.",
        kind="path",
        part="report",
    ),
    RunOption(
        "junit-non-blocking",
        "junit_non_blocking",
        "How JUnit shows failures that do not fail the run (SHOULD, INFO).",
        kind="choice",
        choices=("skipped", "passed", "failure"),
        default="skipped",
    ),
)
"""Where the reports go, and how JUnit shows non-blocking failures."""

RUN_OPTIONS = (
    *TARGET_OPTIONS,
    *GRADING_OPTIONS,
    *SECRET_OPTIONS,
    *SELECTION_OPTIONS,
    *REPORT_OPTIONS,
)
"""Every option of a graded run, in the order --help lists them."""


def picked(*dests: str) -> tuple[RunOption, ...]:
    """The options filling these keywords, in the order asked for (for other commands)."""
    by_dest = {option.dest: option for option in RUN_OPTIONS}
    return tuple(by_dest[dest] for dest in dests)


def grouped(values: Mapping[str, Any]) -> dict[Part, dict[str, Any]]:
    """Parsed values (keyed by ``dest``) split by where they go; unset ones left out.

    Repeatable options come as tuples, and an option never given is not passed on, so
    ``build_settings()`` keeps its defaults.
    """
    parts: dict[Part, dict[str, Any]] = {"settings": {}, "selection": {}, "report": {}}
    for option in RUN_OPTIONS:
        value = values.get(option.dest)
        if option.multiple:
            value = tuple(value or ())
            if not value:
                continue
        if value is None or value is False:
            continue
        parts[option.part][option.dest] = value
    return parts


def selection_of(values: Mapping[str, Any], *, only: tuple[str, ...] | None = None) -> Selection:
    """The check selection of --check, --exclude and --level (and the CLI's --last-failed)."""
    return Selection(
        checks=split_patterns(values.get("checks")),
        exclude=split_patterns(values.get("exclude")),
        levels=parse_levels(values.get("levels")),
        only=only,
    )

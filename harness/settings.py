"""What a run is configured with: the target, the secrets and the options."""

from __future__ import annotations

import os
import secrets
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

from harness.cloud_api.envelope import DEFAULT_PHONE_NUMBER_ID
from harness.errors import UsageError
from harness.selection import Selection

PROFILES = ("cards", "webhook", "replay", "flow", "invariants")
DEFAULT_TARGET = "python:harness.reference"
DEFAULT_CONTROL_PATH = "/_harness/control"

# Variables an implementation reads (target interface v1), and where secrets come from.
ENV_GRAPH_BASE = "WHATSAPP_GRAPH_API_BASE"
ENV_PHONE_NUMBER_ID = "WHATSAPP_PHONE_NUMBER_ID"
ENV_ACCESS_TOKEN = "WHATSAPP_ACCESS_TOKEN"
ENV_APP_SECRET = "WHATSAPP_APP_SECRET"
ENV_VERIFY_TOKEN = "WHATSAPP_VERIFY_TOKEN"
ENV_ALLOW_LIVE_SEND = "WHATSAPP_ALLOW_LIVE_SEND"
MIN_SECRET_LENGTH = 8


@dataclass(frozen=True)
class HarnessSettings:
    """One run's configuration; ``repr`` never shows a secret."""

    target: str = DEFAULT_TARGET
    target_cmd: str | None = None
    target_file: str | None = None
    control_path: str = DEFAULT_CONTROL_PATH
    app_secret: str = field(default="", repr=False)
    access_token: str = field(default="", repr=False)
    verify_token: str = field(default="", repr=False)
    phone_number_id: str = DEFAULT_PHONE_NUMBER_ID
    graph: str = "auto"
    profiles: tuple[str, ...] = PROFILES
    strict: bool = False
    timeout_s: float = 10.0
    startup_timeout_s: float = 30.0
    # The least grace window for late effects; None: learned (harness.world.effects).
    settle_s: float | None = None
    seed: int = 0
    selection: Selection = field(default_factory=Selection)
    # Stop at the first blocking failure (-x).
    exitfirst: bool = False
    # Count a blocking-level check that passed having judged only part as not run.
    partial_as_not_run: bool = False
    # How JUnit shows failures that do not fail the run: skipped, passed or failure.
    junit_non_blocking: str = "skipped"
    # Folders of QA-written .feature files run next to the built-in checks.
    features: tuple[str, ...] = ()
    # Hosts an in-process target may reach for real; every other call but Graph's is refused.
    allow_hosts: tuple[str, ...] = ()
    # Terminal detail: below 0 only what did not pass (-q), above 0 with messages (-v).
    verbosity: int = 0
    # Seconds to explore after the checks (run --explore); 0: no exploration.
    explore_s: float = 0.0

    def rerun_command(self) -> str:
        """The ``wa-harness run`` line that repeats this run's setup; add ``--check ID``."""
        parts = ["wa-harness", "run"]
        if self.target_file:
            parts += ["--target-file", self.target_file]
        else:
            parts += ["--target", self.target]
        if self.target_cmd:
            parts += ["--target-cmd", self.target_cmd]
        if self.graph != "auto":
            parts += ["--graph", self.graph]
        if self.control_path != DEFAULT_CONTROL_PATH:
            parts += ["--control-path", self.control_path]
        if self.strict:
            parts.append("--strict")
        if self.partial_as_not_run:
            parts.append("--partial-as-not-run")
        for folder in self.features:
            parts += ["--features", folder]
        for host in self.allow_hosts:
            parts += ["--allow-host", host]
        return shlex.join([*parts, "--seed", str(self.seed)])

    def secrets(self) -> tuple[str, ...]:
        return (self.app_secret, self.access_token, self.verify_token)

    def target_config(self, graph_base: str) -> dict[str, str]:
        """The variables handed to the implementation; live sending is left unset on purpose."""
        return {
            ENV_GRAPH_BASE: graph_base,
            ENV_PHONE_NUMBER_ID: self.phone_number_id,
            ENV_ACCESS_TOKEN: self.access_token,
            ENV_APP_SECRET: self.app_secret,
            ENV_VERIFY_TOKEN: self.verify_token,
        }


def build_settings(
    *,
    env: Mapping[str, str] | None = None,
    app_secret: str | None = None,
    access_token: str | None = None,
    verify_token: str | None = None,
    profiles: str | None = None,
    graph: str = "auto",
    **options: object,
) -> HarnessSettings:
    """Settings from flags, then ``WHATSAPP_*`` variables, then freshly generated secrets."""
    env = os.environ if env is None else env
    for flag, value in (
        ("--app-secret", app_secret),
        ("--access-token", access_token),
        ("--verify-token", verify_token),
    ):
        check_secret(flag, value)
    for name in (ENV_APP_SECRET, ENV_ACCESS_TOKEN, ENV_VERIFY_TOKEN):
        check_secret(name, env.get(name))
    chosen = parse_profiles(profiles) if profiles else PROFILES
    if graph not in ("auto", "in-process", "loopback"):
        raise UsageError(f"--graph must be auto, in-process or loopback, not {graph!r}")
    base = HarnessSettings(
        app_secret=app_secret or env.get(ENV_APP_SECRET) or _generated("app-secret"),
        access_token=access_token or env.get(ENV_ACCESS_TOKEN) or _generated("token"),
        verify_token=verify_token or env.get(ENV_VERIFY_TOKEN) or _generated("verify"),
        profiles=chosen,
        graph=graph,
    )
    unknown = sorted(set(options) - {f.name for f in fields(HarnessSettings)})
    if unknown:
        valid = ", ".join(sorted(f.name for f in fields(HarnessSettings)))
        raise UsageError(f"unknown setting(s) {', '.join(unknown)}; valid settings: {valid}")
    given = {k: v for k, v in options.items() if v is not None}
    settings = replace(base, **given)  # type: ignore[arg-type]
    if settings.graph == "in-process" and _over_http(settings):
        raise UsageError(
            f"--graph in-process cannot serve {settings.target}: an HTTP target runs in "
            "another process and needs the loopback fake; use --graph loopback or auto"
        )
    return settings


def _over_http(settings: HarnessSettings) -> bool:
    return not settings.target_file and settings.target.startswith(("http://", "https://"))


def check_secret(name: str, value: str | None) -> None:
    """Refuse secrets too short to mask: reports would hide every occurrence of them."""
    if value and len(value) < MIN_SECRET_LENGTH:
        length = f"{len(value)} character{'' if len(value) == 1 else 's'} long"
        raise UsageError(
            f"{name} is only {length}; use at least {MIN_SECRET_LENGTH} characters so that "
            "reports can mask it without mangling other text"
        )


def parse_profiles(text: str) -> tuple[str, ...]:
    # Each once, in the order given: "cards,cards" is the cards profile.
    names = tuple(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))
    unknown = [p for p in names if p not in PROFILES]
    if unknown or not names:
        raise UsageError(
            f"unknown profile {', '.join(unknown) or '(none)'}; choose from {', '.join(PROFILES)}"
        )
    return names


def _generated(kind: str) -> str:
    return f"wa-{kind}-{secrets.token_hex(12)}"

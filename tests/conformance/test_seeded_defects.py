"""The harness catches broken implementations: every seeded defect fails its check(s).

Each module of ``tests/sample_targets/`` (except ``CLEAN_TARGETS`` and ``_base``)
is the reference implementation with exactly one rule broken. It is graded as a user
would grade it, with the ``wa-harness run`` command, in-process
(``--target python:tests.sample_targets.NAME``) and, where the transport is the point,
over HTTP (``--target-cmd "python -m tests.sample_targets.serve NAME"``): the webhook
and replay defects, the cards judged from what is sent, and flow defects that need real
sockets (a restarted server, Graph errors over the wire, invariants over real sends, a
send made after the webhook was answered).
The run must exit 1 and each expected check must be ``failed`` in the JSON report.
``baseline`` (the same seams, no defect) must pass everything over both transports, so a
failure is the defect's doing.

The commands run through click's CliRunner in a few worker processes, each importing the
harness once (a fresh interpreter per run only repeated that import); over HTTP the
target is still a separate process the harness starts. All runs start together when the
first test of this module needs one; each test then waits for its own run.
``conftest.py`` prints the score, ``seeded defects caught: N/M``.
"""

from __future__ import annotations

import multiprocessing
import os
import shlex
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli_support import ROOT, cli_worker_setup, free_port, invoke_cli, outcomes

# A whole graded run: `make test-slow` runs it (tests/README.md).
pytestmark = pytest.mark.slow

IN_PROCESS, HTTP = "in-process", "http"
# Modules of tests/sample_targets/ that are not seeded defects: those that break no rule,
# and leaks_secrets, which test_secrets_leaking_target.py grades for what it writes.
CLEAN_TARGETS = (
    "serve",
    "baseline",
    "httpx_client",
    "urllib_client",
    "aiohttp_client",
    "async_reference",
    "async_settle",
    "sync_unsettled",
    "leaks_secrets",
    "bsuid_replies",
    # Offers no 'drafts' command: FLW-008 and FLW-009 pass in part (tests/unit/checks/steps).
    "no_drafts_command",
    # Breaks no rule either: only the INFO check INV-004 notes its image sends
    # (test_unmodelled_kinds.py).
    "sends_image_note",
    # Correct designs a check must not mistake for a defect; graded by PASSES below.
    "backoff_then_alert",
    "late_backoff",
)
SCORE_PROPERTY = "seeded_defect"
# Targets that act 100-300 ms after answering: their runs take ten times as long as the
# rest (a check that concludes nothing came waits out the settle window), so they start
# first and the module does not wait on them at its end.
LONG_RUNS = ("async_reference", "async_settle", "late_cold_outreach")


@dataclass(frozen=True)
class Defect:
    """A seeded defect: the checks that must fail, and the profiles that hold them."""

    profiles: str
    expected: tuple[str, ...]
    # Over HTTP as well: True for the same ids, a tuple for other ids (cards are judged from
    # what is sent), False where HTTP would show nothing the in-process run does not.
    http: tuple[str, ...] | bool = False
    strict: bool = False  # a SHOULD check: only --strict makes the run fail
    # Exactly the expected checks fail in the profiles run, no other: the negative battery's
    # defects prove each wrong value catches its own mistake and nothing else.
    exact: bool = False

    def expected_for(self, transport: str) -> tuple[str, ...]:
        if transport == HTTP and isinstance(self.http, tuple):
            return self.http
        return self.expected


DEFECTS: dict[str, Defect] = {
    # -- cards and parsing (in-process: the builders; over HTTP: the cards actually sent)
    "four_buttons": Defect("cards,invariants", ("BTN-001",), http=("BTN-001", "INV-001")),
    "long_title": Defect("cards,invariants", ("BTN-005",), http=("BTN-005", "INV-002")),
    "empty_body": Defect("cards,invariants", ("BTN-008",), http=("BTN-008", "INV-002")),
    "no_body_truncation": Defect("cards,invariants", ("BTN-010",), http=("BTN-010", "INV-002")),
    "unstable_ids": Defect("cards", ("BTN-012", "BTN-014"), http=("BTN-012",)),
    "ids_ignore_opportunity": Defect("cards", ("BTN-013",), http=True),
    # parse_button_reply is a Python role: nothing of it can be seen over HTTP.
    "parse_raises": Defect("cards", ("PRS-004",)),
    # -- webhook: handshake and signatures, where the bytes on the wire are the point
    "no_signature_check": Defect("webhook", ("SIG-002", "SIG-005"), http=True),
    "reserialised_signature": Defect("webhook", ("SIG-004",), http=True),
    "any_verify_token": Defect("webhook", ("HSK-002", "HSK-004"), http=True),
    "crashes_on_empty_body": Defect("webhook", ("SIG-003",), http=True),
    "ignores_hub_mode": Defect("webhook", ("HSK-003",), http=True, strict=True),
    "missing_verify_token_accepted": Defect("webhook", ("HSK-005",), http=True),
    # -- replayed and repeated notifications
    "crashes_on_statuses": Defect("replay", ("RPL-003", "RPL-004", "RPL-001"), http=True),
    "answers_unknown_button": Defect("replay", ("RPL-006",), http=True),
    "duplicate_acted_twice": Defect("replay", ("RPL-008",), http=True),
    # Two POSTs in flight at once: a threaded server is where the race is real.
    "duplicate_race": Defect("replay", ("RPL-010",), http=True),
    "dedupe_by_body": Defect("replay", ("RPL-011",)),
    # Dropping profile-less messages hid its body-hash deduplication from a redelivery
    # whose merged contact had lost the tap's profile.
    "profile_required_body_dedupe": Defect("replay", ("RPL-011",), http=True),
    "batch_first_only": Defect("replay", ("RPL-005",), http=True),
    "first_message_per_change": Defect("replay", ("RPL-012",), strict=True),
    # -- the Cloud API of 2026: business-scoped user ids, usernames, statuses with contacts
    "drops_username_users": Defect("replay", ("BSU-001",)),
    # Cannot present to a username-only operator: BSU-001's own subject, so a failure.
    "phone_operators_only": Defect("replay", ("BSU-001",), http=True),
    "crashes_on_status_without_profile": Defect(
        "replay", ("BSU-002", "BSU-004", "BSU-006", "RPL-001", "RPL-003")
    ),
    # -- the operator flow: over HTTP only where real sockets change what is observed
    "cold_outreach": Defect("flow,invariants", ("FLW-013", "INV-003"), http=True),
    # The card never comes: FLW-002 fails, every check that needs the card is blocked.
    "card_never_sent": Defect("flow", ("FLW-002",), http=True),
    # The same defect in a bot whose sends reach the in-process run's fake over loopback.
    "urllib_cold_outreach": Defect("flow,invariants", ("FLW-013", "INV-003")),
    # The cold send comes 300 ms after the webhook was answered.
    "late_cold_outreach": Defect("flow,invariants", ("FLW-013", "INV-003"), http=True),
    "operator_not_opted_in": Defect("flow,invariants", ("FLW-001", "INV-003")),
    "live_send_default_on": Defect("flow", ("FLW-010",)),
    "reset_keeps_live_send": Defect("flow", ("FLW-010",)),
    "schedule_before_accept": Defect("flow", ("FLW-008",)),
    # Answers with a text, not a card: only the drafts the target lists show it.
    "schedule_answers_text": Defect("flow", ("FLW-008",)),
    "first_failed_status_only": Defect("flow", ("FLW-025",)),
    # Graph's error answer reaches the target over the loopback fake.
    "swallows_131047": Defect("flow", ("FLW-017",), http=True),
    "swallows_send_errors": Defect("flow", ("FLW-018",)),
    "retry_storm": Defect("flow", ("FLW-019",)),
    # Three attempts within milliseconds, and a spaced retry loop past any bound.
    "retry_at_once": Defect("flow", ("FLW-019",), http=True),
    "retries_without_end": Defect("flow", ("FLW-019",)),
    # The storm comes after the answer: judged once settled, or after a quiet spell.
    "late_retry_storm": Defect("flow", ("FLW-019",)),
    "late_retry_storm_unsettled": Defect("flow", ("FLW-019",)),
    "silent_block": Defect("flow", ("FLW-014", "FLW-011")),
    "cancel_ignored": Defect("flow", ("FLW-016",)),
    "skip_notifies_prospect": Defect("flow", ("FLW-006",)),
    # FLW-022 restarts the spawned server with the flag in its environment.
    "live_send_false_is_on": Defect("flow", ("FLW-022",), http=True),
    "anyone_may_approve": Defect("flow,replay", ("FLW-023", "NEG-009", "NEG-010"), strict=True),
    "approve_sends_twice": Defect("flow", ("FLW-024",), strict=True),
    # -- the negative battery (docs/negative-battery.md): one common mistake each
    "token_prefix_compare": Defect("webhook", ("NEG-001",), http=True, exact=True),
    "token_case_insensitive": Defect("webhook", ("NEG-002",), http=True, strict=True, exact=True),
    "token_anywhere_in_query": Defect("webhook", ("NEG-002",), http=True, strict=True, exact=True),
    "digest_prefix_compare": Defect(
        "webhook", ("NEG-003", "NEG-004", "NEG-005"), http=True, strict=True, exact=True
    ),
    "signature_if_present": Defect(
        "webhook", ("SIG-002", "SIG-005", "NEG-003", "NEG-005"), http=True, strict=True, exact=True
    ),
    "any_signature_header": Defect("webhook", ("NEG-003",), http=True, exact=True),
    "statuses_unsigned": Defect("webhook", ("NEG-005",), http=True, exact=True),
    "reply_id_by_position": Defect(
        "cards,replay",
        ("PRS-003", "NEG-006", "NEG-007", "NEG-011"),
        http=("NEG-006", "NEG-007"),
        exact=True,
    ),
    "reply_id_case_insensitive": Defect(
        "cards,replay", ("NEG-008", "NEG-012"), http=("NEG-008",), strict=True, exact=True
    ),
    "reply_kind_ignored": Defect(
        "cards,replay", ("NEG-006", "NEG-007", "NEG-011"), http=("NEG-006", "NEG-007"), exact=True
    ),
    "record_prefix_lookup": Defect("replay", ("NEG-006", "NEG-007"), exact=True),
    "sender_by_name": Defect("replay", ("NEG-009",), strict=True, exact=True),
    "sender_last_digits": Defect("replay", ("NEG-009",), strict=True, exact=True),
    "sender_only_with_phone": Defect("replay", ("NEG-009",), strict=True, exact=True),
}


# Correct implementations built differently: the profiles to run, and the checks that must
# pass, in-process and over HTTP (a spaced, bounded backoff after 130429 is what Meta asks).
PASSES: dict[str, tuple[str, tuple[str, ...]]] = {
    "backoff_then_alert": ("flow", ("FLW-018", "FLW-019")),
    "late_backoff": ("flow", ("FLW-018", "FLW-019")),
}


def _cases() -> list[pytest.param]:
    """Every defect in-process, and over HTTP where the transport is the point."""
    return [
        pytest.param(name, transport, id=f"{transport}-{name}")
        for transport in (IN_PROCESS, HTTP)
        for name, defect in DEFECTS.items()
        if transport == IN_PROCESS or defect.http is not False
    ]


@dataclass(frozen=True)
class Run:
    """One finished ``wa-harness run``: its exit code, output and outcomes by check id."""

    returncode: int
    output: str
    outcomes: dict[str, str]

    def failed(self) -> set[str]:
        return {check for check, outcome in self.outcomes.items() if outcome == "failed"}


def run_harness(name: str, transport: str, out_dir: Path) -> Run:
    """``wa-harness run`` on one sample target, as a user would type it (in a worker)."""
    defect = DEFECTS.get(name)
    report = out_dir / f"{name}-{transport}.json"
    options = ["--json", str(report)]
    if defect is not None:
        options += ["--profile", defect.profiles] + (["--strict"] if defect.strict else [])
    elif name in PASSES:
        options += ["--profile", PASSES[name][0], "--strict"]
    serve = f"{shlex.quote(sys.executable)} -m tests.sample_targets.serve {name}"
    for _ in range(3):
        if transport == IN_PROCESS:
            target = ["--target", f"python:tests.sample_targets.{name}"]
        else:
            target = ["--target", f"http://127.0.0.1:{free_port()}", "--target-cmd", serve]
        code, text = invoke_cli("run", *target, *options)
        # Another run may have taken the free port in between: try another one.
        if "already in use" not in text:
            break
    output = f"$ wa-harness run {shlex.join(target + options)}\n{text}"
    found = outcomes(report) if report.exists() else {}
    return Run(code, output, found)


@pytest.fixture(scope="module")
def harness_runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[tuple[str, str], Future[Run]]]:
    """Every run the selected tests of this module need, started together."""
    out_dir = tmp_path_factory.mktemp("seeded-defects")
    wanted = []
    for item in request.session.items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if getattr(item, "module", None) is request.module and {"name", "transport"} <= set(params):
            wanted.append((params["name"], params["transport"]))
    # The long runs first, the HTTP ones (a target process to start) before the in-process.
    wanted.sort(key=lambda key: (key[0] not in LONG_RUNS, key[1] != HTTP))
    # A run mostly waits (settle windows, the target's sockets) rather than computes: three
    # workers per core, at most twelve. Spawned, not forked: this process runs threads
    # (pytest's own, the fakes' servers).
    with ProcessPoolExecutor(
        max_workers=min(3 * (os.cpu_count() or 2), 12),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=cli_worker_setup,
    ) as pool:
        futures = {key: pool.submit(run_harness, *key, out_dir) for key in wanted}
        yield futures
        for future in futures.values():
            future.cancel()


@pytest.mark.parametrize(("name", "transport"), _cases())
def test_seeded_defect_is_caught(
    name: str,
    transport: str,
    harness_runs: dict[tuple[str, str], Future[Run]],
    request: pytest.FixtureRequest,
) -> None:
    run = harness_runs[(name, transport)].result()
    expected = DEFECTS[name].expected_for(transport)
    missed = sorted(set(expected) - run.failed())
    caught = run.returncode == 1 and not missed
    request.node.user_properties.append((SCORE_PROPERTY, (name, transport, caught)))
    assert run.returncode == 1, f"exit code {run.returncode}, not 1\n{run.output}"
    assert not missed, (
        f"{name} ({transport}): {missed} did not fail; "
        f"outcomes: { {c: run.outcomes.get(c, 'absent') for c in expected} }\n{run.output}"
    )
    if DEFECTS[name].exact:
        assert run.failed() == set(expected), f"{name} ({transport}): {run.failed()}\n{run.output}"
        assert "error" not in run.outcomes.values(), run.output


@pytest.mark.parametrize("transport", [IN_PROCESS, HTTP])
# The reference through the seams; acting 100-300 ms after answering, without and with the
# ``settle`` control command: answering first is correct and must pass; acting before
# answering without ``settle`` (graded with the learned grace window); and replying by
# business-scoped user id, as pywa does, which Meta accepts.
@pytest.mark.parametrize(
    "name", ["baseline", "async_reference", "async_settle", "sync_unsettled", "bsuid_replies"]
)
def test_the_baseline_without_a_defect_passes_every_check(
    name: str, transport: str, harness_runs: dict[tuple[str, str], Future[Run]]
) -> None:
    run = harness_runs[(name, transport)].result()
    assert run.returncode == 0, run.output
    assert run.outcomes, run.output
    assert set(run.outcomes.values()) <= {"passed", "skipped"}, run.output
    if transport == IN_PROCESS:
        assert set(run.outcomes.values()) == {"passed"}, run.output


@pytest.mark.parametrize("transport", [IN_PROCESS, HTTP])
@pytest.mark.parametrize("name", sorted(PASSES))
def test_a_correct_design_passes_the_checks_it_could_be_mistaken_by(
    name: str, transport: str, harness_runs: dict[tuple[str, str], Future[Run]]
) -> None:
    run = harness_runs[(name, transport)].result()
    checks = PASSES[name][1]
    assert run.returncode == 0, run.output
    assert {c: run.outcomes.get(c) for c in checks} == dict.fromkeys(checks, "passed"), run.output


def test_every_sample_target_module_is_in_the_table() -> None:
    modules = {
        path.stem
        for path in (ROOT / "tests" / "sample_targets").glob("*.py")
        if not path.stem.startswith("_") and path.stem not in CLEAN_TARGETS
    }
    assert modules == set(DEFECTS)
    assert len(modules) >= 16

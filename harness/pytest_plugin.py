"""pytest plugin: ``pytest --wa-target python:mybot`` runs the conformance checks.

It only wires things: options, the per-check fixture, tag handling, and the outcome of
each check. Heavy modules are imported once a run is active.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from harness.checks.registry import CHECK_ID, is_harness_tag, spec_from_tags

if TYPE_CHECKING:
    from harness.checks.check_context import CheckContext
    from harness.checks.results_collector import ResultCollector
    from harness.checks.run_context import RunContext
    from harness.reports.redaction import Redactor
    from harness.results import CheckSpec

RUN_KEY: pytest.StashKey[RunContext] = pytest.StashKey()
COLLECTOR_KEY: pytest.StashKey[ResultCollector] = pytest.StashKey()
CHECK_KEY: pytest.StashKey[CheckContext] = pytest.StashKey()
TAGS_ATTRIBUTE = "__wa_harness_tags__"
CHECK_ID_PARAMETER = "wa_check_id"
OWN_FAILURES_KEY = pytest.StashKey[int]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("wa-harness", "WhatsApp operator-flow conformance checks")
    group.addoption("--wa-target", help="python:package.module or http://host:port")
    group.addoption("--wa-target-cmd", help="command that starts the HTTP target (gets PORT)")
    group.addoption("--wa-target-file", help="TOML file mapping a module's names onto roles")
    group.addoption("--wa-profile", help="comma-separated: cards,webhook,replay,flow,invariants")
    group.addoption("--wa-strict", action="store_true", help="SHOULD checks fail the run too")
    group.addoption(
        "--wa-settle",
        type=float,
        help="seconds to wait for effects after an answer (default 0.5)",
    )
    group.addoption("--wa-check", action="append", help="only this check id or glob (FLW-*)")
    group.addoption("--wa-exclude", action="append", help="leave out this check id or glob")
    group.addoption("--wa-level", action="append", help="only checks of this level (MUST...)")
    group.addoption("--wa-json", help="write the JSON report here")
    group.addoption("--wa-junit", help="write the JUnit XML report here")
    group.addoption("--wa-html", help="write the HTML report here")
    group.addoption("--wa-transcript", help="write the QA transcript (plain text) here")
    group.addoption(
        "--wa-allow-host",
        action="append",
        default=[],
        help="in-process: a host the target may reach for real (repeatable)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Activate when the CLI handed over a run, or when --wa-target was given."""
    run = config.stash.get(RUN_KEY, None)
    if run is None and (config.getoption("wa_target") or config.getoption("wa_target_file")):
        run = _run_from_options(config)
        config.stash[RUN_KEY] = run
        from harness.checks.locations import suite_module

        config.args.append(str(suite_module()))
    if run is None:
        return
    from harness.checks.results_collector import ResultCollector
    from harness.checks.steps import STEP_MODULES

    for module in STEP_MODULES:
        config.pluginmanager.import_plugin(module)
    if COLLECTOR_KEY not in config.stash:
        config.stash[COLLECTOR_KEY] = ResultCollector(run)


def _run_from_options(config: pytest.Config) -> RunContext:
    from harness.checks.run_context import RunContext
    from harness.selection import Selection, parse_levels, split_patterns
    from harness.settings import build_settings

    selection = Selection(
        checks=split_patterns(config.getoption("wa_check")),
        exclude=split_patterns(config.getoption("wa_exclude")),
        levels=parse_levels(config.getoption("wa_level")),
    )
    settings = build_settings(
        selection=selection,
        target=config.getoption("wa_target") or "python:harness.reference",
        target_cmd=config.getoption("wa_target_cmd"),
        target_file=config.getoption("wa_target_file"),
        profiles=config.getoption("wa_profile"),
        strict=config.getoption("wa_strict") or None,
        settle_s=config.getoption("wa_settle"),
        allow_hosts=tuple(config.getoption("wa_allow_host")),
    )
    return RunContext(settings)


def pytest_sessionstart(session: pytest.Session) -> None:
    run = session.config.stash.get(RUN_KEY, None)
    if run is not None and run.target is None and run.target_error is None:
        run.open()
    if run is not None and run.target_error:
        raise pytest.UsageError(run.target_error)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Expect the checks that are still selected once every plugin (-k, --lf) has chosen."""
    collector = session.config.stash.get(COLLECTOR_KEY, None)
    if collector is None:
        return
    for item in session.items:
        spec = spec_of(item)
        if spec is not None:
            collector.expect(spec)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In a plain pytest run, the exit status follows the harness verdict (not SHOULD fails)."""
    from harness.results import Verdict

    collector = session.config.stash.get(COLLECTOR_KEY, None)
    if collector is None or collector.owned_by_cli:
        return
    if exitstatus not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        return
    if session.config.stash.get(OWN_FAILURES_KEY, 0):
        return
    passed = collector.report().verdict() is Verdict.PASS
    session.exitstatus = pytest.ExitCode.OK if passed else pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """In a plain pytest run, list the checks by id and write the requested reports."""
    collector = config.stash.get(COLLECTOR_KEY, None)
    if collector is None or collector.owned_by_cli or config.option.collectonly:
        return
    report = collector.report()
    written = collector.write_reports(
        report,
        json=config.getoption("wa_json"),
        junit=config.getoption("wa_junit"),
        html=config.getoption("wa_html"),
        transcript=config.getoption("wa_transcript"),
    )
    terminalreporter.write_sep("=", "wa-harness checks")
    terminalreporter.write(collector.summary_text(report, written) + "\n")


def pytest_unconfigure(config: pytest.Config) -> None:
    collector = config.stash.get(COLLECTOR_KEY, None)
    if collector is not None and not collector.owned_by_cli:
        collector.run.close()


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_apply_tag(tag: str, function: Any) -> bool | None:
    """Keep our tags as data on the test instead of turning them into pytest markers."""
    if not is_harness_tag(tag):
        return None
    tags: set[str] = getattr(function, TAGS_ATTRIBUTE, set())
    tags.add(tag)
    setattr(function, TAGS_ATTRIBUTE, tags)
    if CHECK_ID.match(tag):
        # The check id in the node id (``test_…[FLW-013]``), so ``-k FLW-013`` selects it
        # and ``--lf`` names it; the parameter only labels the test.
        pytest.mark.usefixtures(CHECK_ID_PARAMETER)(function)
        pytest.mark.parametrize(CHECK_ID_PARAMETER, [tag], ids=[tag])(function)
    return True


@pytest.fixture
def wa_check_id() -> str:
    """The id of the current check (each check's test is parametrized with it)."""
    return ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    collector = config.stash.get(COLLECTOR_KEY, None)
    if collector is None:
        return
    from harness.settings import PROFILES

    settings = collector.run.settings
    chosen, dropped = [], []
    for item in items:
        spec = spec_of(item)
        if spec is None:
            chosen.append(item)
        elif spec.profile not in PROFILES:
            # Deselecting it quietly would let the run say PASS about a scenario never run.
            raise pytest.UsageError(
                f"{item.nodeid}: scenario {spec.title!r} (@{spec.id}) has no profile tag; "
                f"add one of {', '.join('@profile:' + p for p in PROFILES)}"
            )
        elif spec.profile in settings.profiles and settings.selection.matches(spec):
            chosen.append(item)
        else:
            dropped.append(item)
    # Invariants judge every send of the run, so they run last.
    chosen.sort(key=lambda item: getattr(spec_of(item), "profile", "") == "invariants")
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = chosen


def spec_of(item: pytest.Item) -> CheckSpec | None:
    function = getattr(item, "obj", None)
    tags = getattr(function, TAGS_ATTRIBUTE, None)
    if not tags:
        return None
    title = (getattr(function, "__doc__", "") or item.name).split(": ", 1)[-1]
    return spec_from_tags(title, tags)


@pytest.fixture
def wa(request: pytest.FixtureRequest) -> Iterator[CheckContext]:
    """The current check's context: a reset target, the fake Graph API, evidence."""
    from harness.checks.check_context import CheckContext

    run: RunContext | None = request.config.stash.get(RUN_KEY, None)
    spec = spec_of(request.node)
    if run is None:
        pytest.skip("wa-harness is not active: pass --wa-target")
    if spec is None:
        pytest.fail(
            "this scenario uses the wa fixture but has no check id tag: tag it with three "
            "capital letters, a dash and three digits, e.g. @QAS-001",
            pytrace=False,
        )
    target = run.require_target()
    ctx = CheckContext(run=run, check_id=spec.id, target=target, first_attempt=0)
    request.node.stash[CHECK_KEY] = ctx
    # The in-process fakes are on for this check only, as pytest-httpserver is per test.
    with run.fakes_active():
        run.current = ctx
        try:
            if spec.profile != "invariants":
                run.fake.reset()
                if target.has("control"):
                    ctx.control("reset")
                ctx.first_attempt = ctx.mark()
                ctx.evidence.clear()
            yield ctx
        finally:
            _drain(ctx)
            run.current = None
            run.previous = ctx
            if ctx.state.reconfigured and target.reconfigure is not None:
                target.reconfigure({})
        run.raise_lost(ctx)


def _drain(ctx: CheckContext) -> None:
    """Let the check's effects arrive before the next check resets: they are charged to it."""
    from harness.errors import HarnessError

    ctx.judged = True
    try:
        ctx.await_effects()
    except HarnessError as exc:
        ctx.note("waiting for late effects", None, str(exc))


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Any, exception: Exception) -> None:
    """Note which Gherkin step a check failed at, for reports that point back at it.

    A failed Given is a setup that could not be done: the check is blocked, not failed.
    """
    from harness.errors import CheckFailed
    from harness.reports.conversation import FAILED_STEP
    from harness.results import BLOCKED_PREFIX

    ctx = request.node.stash.get(CHECK_KEY, None)
    if ctx is not None:
        ctx.evidence.append({"step": FAILED_STEP, "gherkin": f"{step.keyword} {step.name}"})
        if step.type == "given" and isinstance(exception, CheckFailed):
            ctx.blocked = f"{BLOCKED_PREFIX}{exception}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    collector = item.config.stash.get(COLLECTOR_KEY, None)
    spec = spec_of(item)
    if collector is not None and spec is not None:
        ctx = item.stash.get(CHECK_KEY, None)
        collector.phase(item.nodeid, spec, call, report, ctx)
        _mask_report(report, collector.redactor)
        if collector.stop_reason:
            item.session.shouldstop = collector.stop_reason
    elif collector is not None and report.failed:
        # The project's own tests: their failures are never hidden by the harness verdict.
        stash = item.config.stash
        stash[OWN_FAILURES_KEY] = stash.get(OWN_FAILURES_KEY, 0) + 1
    return report


def _mask_report(report: pytest.TestReport, redactor: Redactor) -> None:
    """pytest prints a check's failure and captured output itself: mask them first."""
    if report.longrepr is not None:
        report.longrepr = redactor.text(str(report.longrepr))
    report.sections = [(title, redactor.text(text)) for title, text in report.sections]

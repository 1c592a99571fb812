"""pytest plugin: ``pytest --wa-target python:mybot`` runs the conformance checks.

It only wires things: options, the per-check fixture, tag handling, and the outcome of
each check. Heavy modules are imported once a run is active.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from functools import cache, partial
from typing import TYPE_CHECKING, Any

import pytest

from harness.checks.check_list import CHECK_ID, is_harness_tag, spec_from_tags
from harness.run_options import RUN_OPTIONS, RunOption

if TYPE_CHECKING:
    from harness.checks.check_context import CheckContext
    from harness.checks.conformance_run import ConformanceRun
    from harness.reports.redaction import Redactor
    from harness.results import CheckSpec
    from harness.selection import Selection

RUN_KEY: pytest.StashKey[ConformanceRun] = pytest.StashKey()
CHECK_KEY: pytest.StashKey[CheckContext] = pytest.StashKey()
TAGS_ATTRIBUTE = "__wa_harness_tags__"
CHECK_ID_PARAMETER = "wa_check_id"
OWN_FAILURES_KEY = pytest.StashKey[int]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--wa-NAME`` for every option ``wa-harness run`` spells ``--NAME`` (one table)."""
    group = parser.getgroup("wa-harness", "WhatsApp operator-flow conformance checks")
    group.addoption("--wa-target", help="python:package.module or http://host:port")
    for option in RUN_OPTIONS:
        group.addoption(f"--wa-{option.flag}", dest=f"wa_{option.dest}", **_argparse(option))


def _argparse(option: RunOption) -> dict[str, Any]:
    help_text = option.help + (
        f" (default: {option.default})" if option.default is not None else ""
    )
    if option.kind == "flag":
        return {"action": "store_true", "default": None, "help": help_text}
    kwargs: dict[str, Any] = {"help": help_text, "metavar": option.metavar}
    if option.multiple:
        kwargs["action"] = "append"
    if option.kind == "choice":
        kwargs["choices"] = option.choices
    elif option.kind == "int":
        kwargs["type"] = int
    elif option.kind == "float":
        kwargs["type"] = partial(_bounded, option)
    return kwargs


def _bounded(option: RunOption, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    low, high = option.bounds or (float("-inf"), float("inf"))
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"{value:g} is not between {low:g} and {high:g}")
    return value


def pytest_configure(config: pytest.Config) -> None:
    """Activate when the CLI handed over a run, or when --wa-target was given."""
    run = config.stash.get(RUN_KEY, None)
    if run is None and (config.getoption("wa_target") or config.getoption("wa_target_file")):
        from harness.errors import HarnessError

        try:
            run = _run_from_options(config)
        except HarnessError as exc:
            # A wrong --wa-* value is a usage error: one line, never pytest's traceback.
            raise pytest.UsageError(str(exc)) from None
        config.stash[RUN_KEY] = run
        config.args.extend(run.suite_modules())
    if run is None:
        return
    from harness.checks.steps import STEP_MODULES

    _faster_step_lookup()
    for module in STEP_MODULES:
        config.pluginmanager.import_plugin(module)


def _faster_step_lookup() -> None:
    try:
        from harness.checks.step_lookup import install
    except ImportError:
        # A pytest-bdd older than the lookup reads keeps its own lookup.
        return
    install()


def _run_from_options(config: pytest.Config) -> ConformanceRun:
    from harness.checks.conformance_run import ConformanceRun
    from harness.reports.writing import ReportPaths
    from harness.run_options import grouped, selection_of
    from harness.settings import build_settings

    parts = grouped({o.dest: config.getoption(f"wa_{o.dest}") for o in RUN_OPTIONS})
    settings = build_settings(
        target=config.getoption("wa_target") or "python:harness.reference",
        selection=selection_of(parts["selection"]),
        **parts["settings"],
    )
    reports = ReportPaths(**parts["report"])
    reports.check_writable()
    return ConformanceRun(settings, reports=reports)


def pytest_sessionstart(session: pytest.Session) -> None:
    from harness.errors import TargetError

    run = session.config.stash.get(RUN_KEY, None)
    if run is None:
        return
    try:
        run.open()
    except TargetError as exc:
        raise pytest.UsageError(str(exc)) from None


def pytest_collection_finish(session: pytest.Session) -> None:
    """Expect the checks that are still selected once every plugin (-k, --lf) has chosen."""
    from harness.errors import UsageError

    run = session.config.stash.get(RUN_KEY, None)
    if run is None:
        return
    for item in session.items:
        try:
            spec = spec_of(item)
        except UsageError:
            # pytest calls this hook even after modifyitems refused the item's tags; that
            # refusal is the one to show.
            return
        if spec is not None:
            run.results.expect(spec)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In a plain pytest run, the exit status follows the harness verdict (not SHOULD fails)."""
    from harness.results import Verdict

    run = session.config.stash.get(RUN_KEY, None)
    if run is None or exitstatus not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        return
    if run.settings.explore_s and not run.results.stop_reason:
        _explore(session, run)
    if run.standalone:
        return
    if session.config.stash.get(OWN_FAILURES_KEY, 0):
        return
    passed = run.report().verdict() is Verdict.PASS
    session.exitstatus = pytest.ExitCode.OK if passed else pytest.ExitCode.TESTS_FAILED


def _explore(session: pytest.Session, run: ConformanceRun) -> None:
    """--explore: explore the target once the checks are done; findings become checks."""
    from harness.explore.as_checks import explore_run

    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_sep("=", "wa-harness exploration")

    def echo(line: str) -> None:
        if reporter is not None:
            reporter.write_line(line)
        else:
            print(line, flush=True)

    explore_run(run, echo)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """In a plain pytest run, list the checks by id and write the requested reports."""
    run = config.stash.get(RUN_KEY, None)
    if run is None or run.standalone or config.option.collectonly:
        return
    terminalreporter.write_sep("=", "wa-harness checks")
    broken = [
        r for r in terminalreporter.stats.get("error", []) if isinstance(r, pytest.CollectReport)
    ]
    if broken:
        # No verdict from checks that were never collected: "0 checks, PASS" would be false.
        terminalreporter.write(
            f"Not graded: {len(broken)} error(s) while collecting; fix them and run again\n"
        )
        return
    report, written = run.finish()
    terminalreporter.write(run.summary(report, written) + "\n")


def pytest_unconfigure(config: pytest.Config) -> None:
    run = config.stash.get(RUN_KEY, None)
    if run is not None and not run.standalone:
        run.close()


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
    run = config.stash.get(RUN_KEY, None)
    if run is None:
        return
    from harness.errors import UsageError

    settings = run.settings
    chosen, dropped = [], []
    for item in items:
        try:
            spec = spec_of(item)
        except UsageError as exc:
            # Deselecting it quietly would let the run say PASS about a scenario never run.
            raise pytest.UsageError(f"{item.nodeid}: {exc}") from None
        if spec is None or (spec.profile in settings.profiles and settings.selection.matches(spec)):
            chosen.append(item)
        else:
            dropped.append(item)
    if settings.selection.parts:
        chosen, sliced = _sliced(chosen, settings.selection)
        dropped += sliced
    # Invariants judge every send of the run, so they run last.
    chosen.sort(key=lambda item: getattr(spec_of(item), "profile", "") == "invariants")
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = chosen


def _sliced(
    items: list[pytest.Item], selection: Selection
) -> tuple[list[pytest.Item], list[pytest.Item]]:
    """``items`` kept and dropped when only a slice of some checks' examples runs."""
    of_check: dict[str, list[pytest.Item]] = {}
    for item in items:
        spec = spec_of(item)
        of_check.setdefault(spec.id if spec else "", []).append(item)
    kept: set[int] = set()
    for check_id, examples in of_check.items():
        share = selection.slice_of(check_id, len(examples)) if check_id else range(len(examples))
        kept.update(id(examples[i]) for i in share)
    return [i for i in items if id(i) in kept], [i for i in items if id(i) not in kept]


def spec_of(item: pytest.Item) -> CheckSpec | None:
    function = getattr(item, "obj", None)
    tags = getattr(function, TAGS_ATTRIBUTE, None)
    if not tags:
        return None
    title = (getattr(function, "__doc__", "") or item.name).split(": ", 1)[-1]
    return _spec(title, frozenset(tags))


@cache
def _spec(title: str, tags: frozenset[str]) -> CheckSpec | None:
    # Asked for several times per check (each report phase, the fixture): the same tags
    # always give the same (immutable) spec; a UsageError is raised again each time.
    return spec_from_tags(title, tags)


@pytest.fixture
def wa(request: pytest.FixtureRequest) -> Iterator[CheckContext]:
    """The current check's context: a reset target, the fake Graph API, evidence."""
    from harness.checks.check_context import CheckContext

    conformance = request.config.stash.get(RUN_KEY, None)
    spec = spec_of(request.node)
    if conformance is None:
        pytest.skip("wa-harness is not active: pass --wa-target")
    if spec is None:
        pytest.fail(
            "this scenario uses the wa fixture but has no check id tag: tag it with three "
            "capital letters, a dash and three digits, e.g. @QAS-001",
            pytrace=False,
        )
    with CheckContext.opened(
        conformance.world,
        spec.id,
        instance=request.node.name.rpartition("[")[2].rstrip("]"),
        judges_journal=spec.profile == "invariants",
    ) as check:
        request.node.stash[CHECK_KEY] = check
        yield check


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Any, exception: Exception) -> None:
    """Hand the failed Gherkin step over to its check (a failed Given blocks it)."""
    ctx = request.node.stash.get(CHECK_KEY, None)
    if ctx is not None:
        ctx.step_failed(f"{step.keyword} {step.name}", setup=step.type == "given", error=exception)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    run = item.config.stash.get(RUN_KEY, None)
    collector = run.results if run is not None else None
    spec = spec_of(item)
    if run is not None and collector is not None and spec is not None:
        ctx = item.stash.get(CHECK_KEY, None)
        collector.phase(item.nodeid, spec, call, report, ctx)
        if report.failed and _expected(call, ctx):
            report.longrepr = _one_message(run, spec, collector.message_of(item.nodeid))
        _mask_report(report, collector.redactor)
        if collector.stop_reason:
            item.session.shouldstop = collector.stop_reason
    elif collector is not None and report.failed:
        # The project's own tests: their failures are never hidden by the harness verdict.
        stash = item.config.stash
        stash[OWN_FAILURES_KEY] = stash.get(OWN_FAILURES_KEY, 0) + 1
    return report


def _expected(call: pytest.CallInfo[None], ctx: CheckContext | None) -> bool:
    """A check that failed, was blocked or met a target problem: no traceback to show.

    Anything else is a fault in the harness itself, and keeps its traceback.
    """
    from harness.errors import HarnessError

    exc = call.excinfo.value if call.excinfo else None
    blocked = ctx is not None and ctx.blocked is not None
    return blocked or isinstance(exc, AssertionError | HarnessError)


def _one_message(run: ConformanceRun, spec: CheckSpec, message: str) -> str:
    """What pytest prints for a failed check: its message, where its evidence is, a rerun."""
    reports = run.reports
    if reports.html:
        evidence = f"{reports.html}#check-{spec.id}"
    elif reports.transcript or reports.json:
        evidence = str(reports.transcript or reports.json)
    else:
        evidence = "pass --wa-html FILE or --wa-transcript FILE to see it"
    rerun = f"{run.settings.rerun_command()} --check {spec.id}"
    return f"{spec.id}: {message or '(no message)'}\nevidence: {evidence}\nreproduce: {rerun}"


def _mask_report(report: pytest.TestReport, redactor: Redactor) -> None:
    """pytest prints a check's failure and captured output itself: mask them first."""
    if report.longrepr is not None:
        report.longrepr = redactor.text(str(report.longrepr))
    report.sections = [(title, redactor.text(text)) for title, text in report.sections]

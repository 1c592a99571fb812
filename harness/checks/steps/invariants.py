"""Then steps judged over every send of the run."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytest_bdd import then

from harness.checks import judgments
from harness.checks.check_context import CheckContext
from harness.checks.sends import send_evidence
from harness.errors import CheckFailed
from harness.evidence import JudgedSend
from harness.world import RecordedSend

SCHEMA_CODES = {100, 131008, 131009}


def _judge(wa: CheckContext, broken: Callable[[RecordedSend], bool], what: str) -> None:
    if not wa.world.recorded:
        # A run where nothing was sent proves nothing about what is sent.
        pytest.skip(
            "the implementation sent nothing during the run, so there is nothing to judge; "
            "run it with the checks whose sends it should judge"
        )
    bad = [r for r in wa.world.recorded if broken(r)]
    if not bad:
        return
    wa.record(*(JudgedSend(f"during {r.check_id}", send_evidence(r.attempt)) for r in bad[:10]))
    checks = sorted({r.check_id for r in bad})
    raise CheckFailed(
        f"{len(bad)} send(s) {what}, during {', '.join(checks)}",
        sends=[r.attempt.index for r in bad[:10]],
        judged_checks=checks,
    )


@then("no message sent during the run had more than 3 buttons")
def never_more_than_3(wa: CheckContext) -> None:
    _judge(wa, judgments.too_many_buttons, "had more than 3 buttons")


@then("no message sent during the run broke the Cloud API schema")
def never_broke_schema(wa: CheckContext) -> None:
    _judge(wa, judgments.broke_schema, "broke the Cloud API schema")


@then("every message sent during the run is of a kind the fake Graph API models")
def only_modelled_kinds(wa: CheckContext) -> None:
    # Meta accepts these kinds; the fake accepted them unjudged, so this is information
    # about the harness's reach, never a Meta rejection.
    _judge(
        wa,
        lambda r: r.attempt.unmodelled is not None,
        "were of a kind not modelled by the fake Graph API (accepted, not judged)",
    )


@then("nothing sent during the run went to a number that was not opted in")
def never_cold(wa: CheckContext) -> None:
    _judge(wa, judgments.went_cold, "went to a number that was not opted in")

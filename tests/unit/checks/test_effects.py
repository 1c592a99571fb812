"""Waiting for effects that come after the answer: the grace window and ``settle``."""

from __future__ import annotations

import threading
import time

import pytest

from harness.world.effects import (
    EFFECTS_TO_LEARN,
    EXPECTED_WITHIN_S,
    LATENESS_CAP_S,
    LEARNED_FLOOR_S,
    UNLEARNED_WINDOW_S,
    Arrivals,
    Effects,
    Lateness,
)


def _effects(
    arrivals: Arrivals,
    *,
    window_s: float | None = 5.0,
    settle: object = None,
    lateness: Lateness | None = None,
) -> Effects:
    return Effects(
        window_s=window_s,
        arrivals=arrivals,
        settle=settle,  # type: ignore[arg-type]
        deliver_owed=lambda: False,
        lateness=lateness,
    )


def test_an_expected_effect_ends_the_wait_when_it_arrives_from_another_thread() -> None:
    arrivals = Arrivals()
    sent: list[str] = []
    effects = _effects(arrivals)
    effects.acted()

    def later() -> None:
        sent.append("card")
        arrivals.arrived()

    threading.Timer(0.05, later).start()
    assert effects.wait(lambda: bool(sent)) is True
    assert sent == ["card"]
    # The window is still open: a later "nothing else happened" waits it out.
    assert effects.pending


def test_concluding_that_nothing_happened_waits_out_the_window() -> None:
    effects = _effects(Arrivals(), window_s=0.1)
    effects.acted()
    assert effects.wait() is True
    assert not effects.pending


def test_an_expected_effect_that_never_comes_ends_the_wait_unmet() -> None:
    effects = _effects(Arrivals(), window_s=0.1)
    effects.acted()
    assert effects.wait(lambda: False) is False
    assert not effects.pending


def test_an_effect_later_than_the_window_is_still_seen_and_widens_the_window() -> None:
    arrivals, lateness = Arrivals(), Lateness()
    sent: list[str] = []
    effects = _effects(arrivals, window_s=0.1, lateness=lateness)
    effects.acted()

    def later() -> None:
        sent.append("card")
        arrivals.arrived()

    threading.Timer(0.3, later).start()
    assert effects.wait(lambda: bool(sent)) is True
    # Seen 0.3 s or more after the action: the next conclusion waits longer than 0.1 s.
    assert lateness.slowest_s >= 0.3
    assert effects.window >= 0.45


def test_the_window_fits_the_slowest_effect_within_a_cap() -> None:
    lateness = Lateness()
    assert lateness.window(0.5) == 0.5
    lateness.observe(0.8)
    assert lateness.window(0.5) == pytest.approx(1.2)
    assert lateness.window(2.0) == 2.0
    lateness.observe(60)
    assert lateness.window(0.5) == LATENESS_CAP_S


def test_the_learned_window_shrinks_for_a_target_acting_before_it_answers() -> None:
    lateness = Lateness()
    assert lateness.window(None) == UNLEARNED_WINDOW_S
    for _ in range(EFFECTS_TO_LEARN - 1):
        lateness.observe(0.001)
    # Too few effects timed to know the target's pace yet.
    assert lateness.window(None) == UNLEARNED_WINDOW_S
    lateness.observe(0.001)
    assert lateness.window(None) == LEARNED_FLOOR_S
    # An explicit --settle is the window's least length, learned or not.
    assert lateness.window(0.5) == 0.5


def test_the_learned_window_grows_with_the_slowest_effect_seen() -> None:
    lateness = Lateness()
    for _ in range(EFFECTS_TO_LEARN):
        lateness.observe(0.3)
    assert lateness.window(None) == pytest.approx(0.45)


def test_a_send_arriving_after_the_action_is_timed_even_when_no_check_expects_it() -> None:
    arrivals, lateness = Arrivals(), Lateness()
    effects = _effects(arrivals, window_s=0.1, lateness=lateness)
    effects.acted()
    threading.Timer(0.2, arrivals.arrived).start()
    # Waiting on a condition that never holds: the send is not what it waits for.
    effects.wait(lambda: arrivals.count > 1)
    assert lateness.slowest_s >= 0.2


def test_without_an_action_nothing_is_waited_for() -> None:
    effects = _effects(Arrivals())
    assert not effects.pending
    assert effects.wait() is True


def test_a_target_offering_settle_is_asked_once_per_pending_action() -> None:
    asked: list[int] = []
    effects = _effects(Arrivals(), settle=lambda: asked.append(1))
    effects.wait()
    assert asked == []
    effects.acted()
    effects.wait()
    effects.wait()
    assert asked == [1]


def test_owed_status_webhooks_are_delivered_while_waiting() -> None:
    owed = [True, False]
    effects = Effects(
        window_s=0.05,
        arrivals=Arrivals(),
        settle=None,
        deliver_owed=lambda: owed.pop(0) if owed else False,
    )
    effects.acted()
    effects.wait()
    assert owed == []
    assert not effects.pending


def test_an_effect_already_in_needs_no_settle_but_the_pending_action_still_settles() -> None:
    asked: list[int] = []
    effects = _effects(Arrivals(), settle=lambda: asked.append(1))
    effects.acted()
    assert effects.wait(lambda: True) is True
    assert asked == []
    assert effects.pending
    # Concluding anything else (or the check's end) asks the target to settle first.
    assert effects.wait(lambda: False) is False
    assert asked == [1]
    assert not effects.pending


def _learned(lateness: Lateness) -> Lateness:
    for _ in range(EFFECTS_TO_LEARN):
        lateness.observe(0.0)
    return lateness


def test_a_guarded_conclusion_waits_the_unlearned_window_after_the_last_action() -> None:
    arrivals = Arrivals()
    effects = _effects(arrivals, window_s=None, lateness=_learned(Lateness()))
    effects.acted()
    # The learned window is waited out ...
    effects.wait()
    assert not effects.pending
    # ... and a send 0.3 s after the action is still charged to a guarded conclusion.
    threading.Timer(0.3, arrivals.arrived).start()
    effects.wait(guarded=True)
    assert arrivals.count == 1


def test_an_effect_that_may_not_come_is_waited_for_only_the_window() -> None:
    effects = _effects(Arrivals(), window_s=None, lateness=_learned(Lateness()))
    effects.acted()
    started = time.monotonic()
    assert effects.wait(lambda: False, maybe=True) is False
    assert time.monotonic() - started < EXPECTED_WITHIN_S


def test_sends_during_an_action_teach_that_the_target_acts_before_answering() -> None:
    arrivals, lateness = Arrivals(), Lateness()
    effects = _effects(arrivals, window_s=None, lateness=lateness)
    for _ in range(EFFECTS_TO_LEARN):
        arrivals.arrived()  # the target's send, made while it handled the action
        effects.acted()
        effects.wait()
    assert lateness.window(None) == LEARNED_FLOOR_S

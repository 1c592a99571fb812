"""One target and one fake Graph API for a whole exploration; a fresh conversation per example."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import ExitStack

from harness.checks.check_context import CheckContext
from harness.checks.conversation import Conversation
from harness.checks.conversation_steps import Step
from harness.checks.judgments import Breach
from harness.errors import TargetError
from harness.settings import ENV_ALLOW_LIVE_SEND, HarnessSettings
from harness.world import World

CHECK_ID = "EXP-000"


class Session:
    """The world the checks use, opened once; each conversation starts from ``reset``."""

    def __init__(self, settings: HarnessSettings) -> None:
        self.settings = settings
        self.world = World(settings)
        self._conversation: ExitStack | None = None
        self._applied: dict[str, str] = {}
        self.steps_run = 0

    def open(self) -> Session:
        """Start the fake and the target; a target that cannot be explored is a TargetError."""
        try:
            self.world.open()
        except BaseException:
            # Ctrl-C while the target starts: what did start is stopped, or its threads
            # would keep the process alive after the interruption was reported.
            self.close()
            raise
        if self.world.target_error:
            self.close()
            raise TargetError(self.world.target_error)
        target = self.world.require_target()
        missing = [role for role in ("app", "control") if not target.has(role)]
        if missing:
            self.close()
            raise TargetError(
                f"{target.description} offers no {' and no '.join(missing)}: exploration "
                "drives the target through its webhook and the control commands"
            )
        original = target.reconfigure
        if original is not None:
            # A spawned server restarts to take a new environment: only when it changes.
            def reconfigure(extra: Mapping[str, str]) -> None:
                if dict(extra) != self._applied:
                    original(extra)
                    self._applied = dict(extra)

            target.reconfigure = reconfigure
        return self

    def configure(self, first: Step | None) -> None:
        """Run the target as the conversation starting with ``first`` needs: with the
        environment a ``configure`` step gives, else with the harness's own."""
        reconfigure = self.world.require_target().reconfigure
        if reconfigure is not None:
            wanted = first is not None and first.action == "configure"
            reconfigure({ENV_ALLOW_LIVE_SEND: str(first.args[0])} if wanted and first else {})

    def close(self) -> None:
        self.end()
        self.world.close()

    def begin(self) -> Conversation:
        """A new conversation: the fake forgets everything and the target is reset."""
        self.end()
        stack = ExitStack()
        # A conversation lives as a check does: reset, charged its sends, drained at the end.
        ctx = stack.enter_context(CheckContext.opened(self.world, CHECK_ID))
        # ``configure`` gives each conversation its environment as it starts: a check's
        # restore after a restarting step would restart a spawned server once more per
        # conversation, only for the next one of the round to restart it back.
        stack.callback(setattr, ctx.state, "reconfigured", False)
        # Live sending off as on a fresh target, whatever the last conversation left: a
        # reset that keeps it on is found by the conversations that reset (and so
        # reproduce), not by whichever conversation happened to come next.
        ctx.control("set_live_send", enabled=False)
        conversation = stack.enter_context(Conversation(ctx).listening())
        # Its end waits as long as a conclusion that no prospect was written to does: a
        # late send must not land in the next conversation, charged to steps that did not
        # cause it.
        stack.callback(ctx.await_effects, guarded=True)
        self._conversation = stack
        return conversation

    def perform(
        self, conversation: Conversation, step: Step, *, last: bool = False
    ) -> list[Breach]:
        self.steps_run += 1
        return conversation.perform(step, last=last)

    def end(self) -> None:
        """Let the conversation's late effects arrive, then put the target back as it was."""
        if self._conversation is not None:
            stack, self._conversation = self._conversation, None
            stack.close()


def replay(settings: HarnessSettings, steps: list[Step]) -> list[Breach]:
    """Every breach ``steps`` cause on a freshly opened target, in order."""
    session = Session(settings).open()
    try:
        session.configure(steps[0] if steps else None)
        conversation = session.begin()
        found: list[Breach] = []
        for number, step in enumerate(steps, 1):
            found += session.perform(conversation, step, last=number == len(steps))
        return found
    finally:
        session.close()

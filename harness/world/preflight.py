"""Before grading: is the target an implementation of the contract at all?

A static file server, a wrong port or path, or a hung server would otherwise be graded
check by check into dozens of failures; each is a problem with how the run was pointed
at the target, so it ends the run (exit 2) with one line that names the fix.
"""

from __future__ import annotations

from harness.errors import CheckFailed, TargetError, TargetUnreachable
from harness.settings import HarnessSettings
from harness.targets.target import Target
from harness.webhooks.delivery import WebhookClient

# Answers that say "there is no such route here", not "this route refused you".
NO_ROUTE = frozenset({404, 405, 501})
PROBE_CHALLENGE = "1000000001"


def preflight(target: Target, settings: HarnessSettings) -> None:
    """Probe the handshake route and the control endpoint once; raise TargetError if unfit."""
    if target.has("app"):
        client = WebhookClient(target.http(), app_secret=settings.app_secret)
        try:
            answer = client.handshake(
                verify_token=settings.verify_token, challenge=PROBE_CHALLENGE, mode="subscribe"
            )
        except TargetUnreachable as exc:
            raise TargetError(f"preflight: {exc}") from exc
        if answer.status in NO_ROUTE:
            where = (
                "check the host and port of --target, or --target-cmd"
                if target.kind == "http"
                else "the app create_app(config) returns must route GET and POST /webhook"
            )
            raise TargetError(
                f"preflight: GET /webhook answered {answer.status}, so {target.description} "
                f"is not serving the webhook; {where}"
            )
    if target.has("control"):
        try:
            target.control({"command": "reset"})
        except TargetUnreachable as exc:
            raise TargetError(f"preflight: {exc}") from exc
        except CheckFailed as exc:
            reason = str(exc).splitlines()[0][:200]
            where = "" if target.control_in_process else f" at {target.control_path}"
            fix = "" if target.control_in_process else "; check --control-path"
            raise TargetError(
                f"preflight: the control endpoint{where} does not work: {reason}{fix}"
            ) from exc


def offers(target: Target, command: str) -> bool:
    """Whether the target answers an optional control command (``settle``, ``drafts``)."""
    if not target.has("control"):
        return False
    try:
        if target.control_in_process:
            answer = target.control_call({"command": command})
            return isinstance(answer, dict) and "error" not in answer
        reply = target.control_http({"command": command})
    except Exception:  # noqa: BLE001 - any refusal means "not offered"
        return False
    return 200 <= reply.status < 300 and b'"error"' not in reply.body

"""The control commands of target interface v1 (§5), for test and staging builds only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .flow import OperatorFlow


class CommandError(ValueError):
    """A control command is unknown or malformed; answered with status 400."""


def _required_text(command: dict[str, Any], key: str) -> str:
    """A non-empty string field of the command."""
    value = command.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CommandError(f"{command.get('command')}: '{key}' must be a non-empty string")
    return value


def _reset(flow: OperatorFlow, command: dict[str, Any]) -> dict[str, Any]:
    """Forget all state; live sending back to its default."""
    flow.reset()
    return {"status": "ok"}


def _opt_in(flow: OperatorFlow, command: dict[str, Any]) -> dict[str, Any]:
    """Put a user on the opt-in ledger by ``wa_id``, ``user_id`` (a BSUID) or both."""
    if command.get("wa_id") is None and command.get("user_id") is not None:
        user_id = _required_text(command, "user_id")
        wa_id = ""
    else:
        wa_id = _required_text(command, "wa_id")
        user_id = _required_text(command, "user_id") if "user_id" in command else ""
    source = command.get("source")
    flow.opt_in(wa_id, source if isinstance(source, str) else None, user_id=user_id)
    return {
        "status": "ok",
        **({"wa_id": wa_id} if wa_id else {}),
        **({"user_id": user_id} if user_id else {}),
    }


def _set_live_send(flow: OperatorFlow, command: dict[str, Any]) -> dict[str, Any]:
    """Switch live sending for this run."""
    enabled = command.get("enabled")
    if not isinstance(enabled, bool):
        raise CommandError("set_live_send: 'enabled' must be true or false")
    flow.set_live_send(enabled)
    return {"status": "ok", "live_send": enabled}


def _present_opportunity(flow: OperatorFlow, command: dict[str, Any]) -> dict[str, Any]:
    """Send the step-1 card to an opted-in operator."""
    operator = _required_text(command, "operator")
    opportunity = command.get("opportunity")
    if not isinstance(opportunity, dict):
        raise CommandError("present_opportunity: 'opportunity' must be an object")
    ident = opportunity.get("id")
    if isinstance(ident, bool) or not isinstance(ident, str | int) or not str(ident):
        raise CommandError("present_opportunity: 'opportunity.id' must be a non-empty string")
    return flow.present_opportunity(operator, opportunity)


def _alerts(flow: OperatorFlow, command: dict[str, Any]) -> dict[str, Any]:
    """What the operator UI shows."""
    return {"alerts": flow.alerts()}


def _drafts(flow: OperatorFlow, command: dict[str, Any]) -> dict[str, Any]:
    """Message and meeting drafts, with their kind and state."""
    return {"drafts": flow.drafts()}


def _settle(flow: OperatorFlow, command: dict[str, Any]) -> dict[str, Any]:
    """Answered once background work is done; the reference acts before it answers."""
    return {"status": "idle"}


COMMANDS: dict[str, Callable[[OperatorFlow, dict[str, Any]], dict[str, Any]]] = {
    "reset": _reset,
    "opt_in": _opt_in,
    "set_live_send": _set_live_send,
    "present_opportunity": _present_opportunity,
    "alerts": _alerts,
    "settle": _settle,
    "drafts": _drafts,
}


def run_command(flow: OperatorFlow, command: Any) -> dict[str, Any]:
    """Run one command on ``flow``; raises CommandError for unknown or malformed ones."""
    if not isinstance(command, dict):
        raise CommandError("a control command is a JSON object with a 'command' field")
    name = command.get("command")
    handler = COMMANDS.get(name) if isinstance(name, str) else None
    if handler is None:
        raise CommandError(f"unknown command: {name!r}; known: {', '.join(COMMANDS)}")
    return handler(flow, command)

"""Turn ``--target`` (and friends) into a ready Target, and clean it up afterwards."""

from __future__ import annotations

from harness.errors import TargetUnreachable, UsageError
from harness.settings import HarnessSettings
from harness.targets.python_module import load_python_target, load_target_file
from harness.targets.spawned import SpawnedServer, answers, port_of
from harness.targets.target import Target
from harness.targets.transport import UrlTransport

TARGET_FORMS = "python:package.module, http://host:port, or --target-file FILE.toml"


def target_kind(settings: HarnessSettings) -> str:
    """``python`` or ``http``; anything else is a usage error."""
    if settings.target_file:
        return "python"
    if settings.target.startswith("python:") and len(settings.target) > len("python:"):
        return "python"
    if settings.target.startswith(("http://", "https://")):
        port_of(settings.target)
        return "http"
    raise UsageError(f"--target {settings.target!r} is not understood; use {TARGET_FORMS}")


def open_target(settings: HarnessSettings, graph_base: str) -> Target:
    """Load or start the implementation, configured to send to ``graph_base``."""
    config = settings.target_config(graph_base)
    if target_kind(settings) == "python":
        if settings.target_file:
            module, roles, control_path = load_target_file(settings.target_file)
        else:
            module, roles, control_path = (
                settings.target[len("python:") :],
                {},
                settings.control_path,
            )
        return load_python_target(module, config, role_names=roles, control_path=control_path)
    return _open_http(settings, config)


def _open_http(settings: HarnessSettings, config: dict[str, str]) -> Target:
    url = settings.target.rstrip("/")
    transport = UrlTransport(url, timeout_s=settings.timeout_s)
    target = Target(
        description=url, transport=transport, control_path=settings.control_path, kind="http"
    )
    target.closers.append(transport.close)
    # A target that never opens is never handed out, so no caller could close it: close
    # what was opened so far (the transport, the server's log file) before raising.
    try:
        if settings.target_cmd:
            server = SpawnedServer(
                settings.target_cmd, url=url, env=config, startup_s=settings.startup_timeout_s
            )
            target.closers.append(server.stop)
            server.start()
            target.description = f"{url} (started with --target-cmd)"
            target.exit_note = server.exit_note
            target.reconfigure = server.restart
        elif not answers(*port_of(url), timeout_s=2.0):
            raise TargetUnreachable(
                f"nothing answers at {url}; start the implementation first, "
                "or let the harness start it with --target-cmd"
            )
    except BaseException:
        target.close()
        raise
    return target

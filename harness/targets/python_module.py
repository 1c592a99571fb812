"""Load a Python implementation: ``python:package.module`` or a TOML target file."""

from __future__ import annotations

import importlib
import inspect
import sys
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from harness.errors import TargetError, UsageError
from harness.targets.target import BUILDER_ROLES, Target
from harness.targets.transport import WsgiTransport

ROLES = (*BUILDER_ROLES, "create_app", "control")


def load_python_target(
    module_name: str,
    config: dict[str, str],
    *,
    role_names: dict[str, str] | None = None,
    control_path: str | None = "/_harness/control",
) -> Target:
    """Import the module, bind its roles, and build its web app with ``config``.

    Targets are usually modules of the project the harness is run from, so the current
    folder is on ``sys.path`` while the target is open (its code may import lazily), and
    taken off again when it closes.
    """
    leave_path = _enter_path(str(Path.cwd()))
    try:
        target = _bind(module_name, config, role_names, control_path)
    except BaseException:
        leave_path()
        raise
    target.closers.append(leave_path)
    return target


def _bind(
    module_name: str,
    config: dict[str, str],
    role_names: dict[str, str] | None,
    control_path: str | None,
) -> Target:
    module = _import(module_name)
    names = {role: role for role in ROLES} | (role_names or {})
    functions: dict[str, Callable[..., Any]] = {}
    for role, attribute in names.items():
        value = getattr(module, attribute, None)
        if value is None and role_names and role in role_names:
            # A name the target file maps explicitly must exist: a typo is not a missing role.
            raise TargetError(
                f"role {role} maps to {attribute}, which {module_name} does not define; "
                "fix [target.roles] in the target file"
            )
        if value is None:
            continue
        if not callable(value):
            raise TargetError(f"{module_name}.{attribute} (role {role}) is not callable")
        functions[role] = value
    if not functions:
        raise TargetError(
            f"{module_name} offers none of the roles {', '.join(ROLES)}; "
            "see CONTRACT.md §3, or map your names with a target file"
        )
    target = Target(description=f"python:{module_name}", functions=functions)
    target.control_path = control_path
    factory = functions.pop("create_app", None)
    if factory is not None:
        try:
            app = factory(dict(config))
        except Exception as exc:
            raise TargetError(
                f"{module_name}.create_app(config) raised {type(exc).__name__}: {exc}"
            ) from exc
        target.transport = WsgiTransport(as_wsgi(app))

        def rebuild(extra: Mapping[str, str]) -> None:
            target.transport = WsgiTransport(as_wsgi(factory({**config, **extra})))

        target.reconfigure = rebuild
    return target


def load_target_file(path: str) -> tuple[str, dict[str, str], str | None]:
    """Module name, role mapping and control path from a TOML target file."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"target file {path} does not exist") from None
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"target file {path} is not valid TOML: {exc}") from None
    section = data.get("target")
    if not isinstance(section, dict) or not isinstance(section.get("module"), str):
        raise UsageError(
            f'target file {path} needs a [target] table with module = "package.module"'
        )
    roles = section.get("roles", {})
    if not isinstance(roles, dict) or not all(isinstance(v, str) for v in roles.values()):
        raise UsageError(f"target file {path}: [target.roles] maps role names to function names")
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        raise UsageError(
            f"target file {path}: unknown roles {unknown}; roles are {', '.join(ROLES)}"
        )
    return section["module"], roles, section.get("control_path", "/_harness/control")


def as_wsgi(app: object) -> Callable[..., Any]:
    """A WSGI callable for ``app``; ASGI applications are bridged with a2wsgi."""
    if not callable(app):
        raise TargetError(f"create_app returned {type(app).__name__}, which is not an application")
    call = app if inspect.isfunction(app) or inspect.ismethod(app) else type(app).__call__
    if inspect.iscoroutinefunction(call):
        from a2wsgi import ASGIMiddleware

        return ASGIMiddleware(app)
    return app


def _enter_path(folder: str) -> Callable[[], None]:
    """Put ``folder`` first on ``sys.path`` unless it is there; answer how to undo that."""
    if "" in sys.path or folder in sys.path:
        return lambda: None
    sys.path.insert(0, folder)

    def leave() -> None:
        if folder in sys.path:
            sys.path.remove(folder)

    return leave


def _import(module_name: str) -> Any:
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise TargetError(
            f"cannot import {module_name!r} ({exc}); run from the folder that contains it "
            "or install it in this environment"
        ) from None
    except Exception as exc:  # noqa: BLE001 - a broken module is a readable target error
        raise TargetError(f"importing {module_name!r} raised {type(exc).__name__}: {exc}") from None

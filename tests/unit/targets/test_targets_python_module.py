"""Loading Python targets: role mapping from a target file, WSGI and ASGI apps, clear errors."""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.errors import CheckFailed, TargetError, UsageError
from harness.targets.python_module import load_python_target, load_target_file

CONFIG = {"WHATSAPP_VERIFY_TOKEN": "vt", "WHATSAPP_APP_SECRET": "s"}

RENAMED = """
def opportunity_card(opportunity):
    return {"type": "interactive", "interactive": {"id": opportunity["id"]}}

def make_app(config):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [config["WHATSAPP_VERIFY_TOKEN"].encode()]
    return app
"""

ASGI = """
import json

def create_app(config):
    async def app(scope, receive, send):
        body = b""
        while True:
            event = await receive()
            body += event.get("body", b"")
            if not event.get("more_body"):
                break
        answer = json.dumps({"path": scope["path"], "got": body.decode()}).encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": answer})
    return app
"""

RAISING = """
def parse_button_reply(message):
    raise KeyError("interactive")

def create_app(config):
    def app(environ, start_response):
        raise RuntimeError("boom")
    return app
"""


@pytest.fixture
def modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("renamed_bot", "asgi_bot", "raising_bot"):
        sys.modules.pop(name, None)


def _write(folder: Path, name: str, source: str) -> None:
    (folder / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")


def test_a_target_file_maps_other_names_onto_the_roles(modules: Path) -> None:
    _write(modules, "renamed_bot", RENAMED)
    toml = modules / "bot.toml"
    toml.write_text(
        '[target]\nmodule = "renamed_bot"\ncontrol_path = "/ops/control"\n'
        '[target.roles]\nbuild_opportunity_card = "opportunity_card"\ncreate_app = "make_app"\n'
    )
    module, roles, control_path = load_target_file(str(toml))
    target = load_python_target(module, CONFIG, role_names=roles, control_path=control_path)

    assert target.has("build_opportunity_card")
    assert not target.has("parse_button_reply")
    assert target.call("build_opportunity_card", {"id": "o-1"})["interactive"] == {"id": "o-1"}
    assert target.http().request("GET", "/anything").text() == "vt"
    assert target.control_path == "/ops/control"


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        ("not toml = = =", "not valid TOML"),
        ("[other]\nx = 1\n", r"needs a \[target\] table"),
        ('[target]\nmodule = "m"\n[target.roles]\nteleport = "x"\n', "unknown roles"),
    ],
)
def test_a_bad_target_file_is_a_usage_error(tmp_path: Path, content: str, complaint: str) -> None:
    path = tmp_path / "t.toml"
    path.write_text(content)
    with pytest.raises(UsageError, match=complaint):
        load_target_file(str(path))


def test_an_asgi_app_is_served_through_a_wsgi_bridge(modules: Path) -> None:
    _write(modules, "asgi_bot", ASGI)
    target = load_python_target("asgi_bot", CONFIG)

    answer = target.http().request("POST", "/webhook", body=b'{"a":1}')
    assert answer.status == 200
    assert json.loads(answer.body) == {"path": "/webhook", "got": '{"a":1}'}


def test_an_implementation_that_raises_is_a_finding_not_a_crash(modules: Path) -> None:
    _write(modules, "raising_bot", RAISING)
    target = load_python_target("raising_bot", CONFIG)

    with pytest.raises(CheckFailed, match="parse_button_reply raised KeyError"):
        target.call("parse_button_reply", {})
    answer = target.http().request("POST", "/webhook", body=b"{}")
    assert answer.status == 500
    assert "RuntimeError: boom" in answer.text()


def test_a_missing_module_says_how_to_fix_it() -> None:
    with pytest.raises(TargetError, match="run from the folder that contains it"):
        load_python_target("no_such_module_anywhere", CONFIG)

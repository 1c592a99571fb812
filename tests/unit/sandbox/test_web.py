"""The sandbox page's HTTP surface: assets, state, actions and exports, and who may use them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from werkzeug.test import Client

from harness.sandbox.session import SandboxSession
from harness.sandbox.web import SandboxApp
from tests.unit.sandbox.support import sandbox, start_demo

LOCAL = {"Host": "127.0.0.1:8940"}


@pytest.fixture(scope="module")
def session() -> Iterator[SandboxSession]:
    with sandbox() as opened:
        start_demo(opened)
        yield opened


@pytest.fixture
def client(session: SandboxSession) -> Client:
    return Client(SandboxApp(session))


def test_the_page_and_its_assets_ship_in_the_package(client: Client) -> None:
    page = client.get("/", headers=LOCAL)
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    assert '<script src="/static/app.js">' in page.text
    for name, kind in (("app.js", "text/javascript"), ("style.css", "text/css")):
        asset = client.get(f"/static/{name}", headers=LOCAL)
        assert (asset.status_code, asset.mimetype) == (200, kind)
    assert client.get("/static/../session.py", headers=LOCAL).status_code == 404


def test_state_has_both_phones_the_world_and_the_journal(client: Client) -> None:
    state = client.get("/api/state", headers=LOCAL).json
    assert set(state) >= {"version", "target", "world", "phones", "journal", "alerts"}
    assert state["phones"]["operator"][0]["kind"] == "buttons"
    assert state["journal"][0]["status"] == 200


def test_an_action_is_json_only(client: Client, session: SandboxSession) -> None:
    form = client.post("/api/opt_in", data={"role": "prospect"}, headers=LOCAL)
    assert form.status_code == 415
    assert session.state()["people"]["prospect"]["opted_in"] is False
    done = client.post("/api/opt_in", json={"role": "prospect"}, headers=LOCAL)
    assert done.status_code == 200, done.text
    assert session.state()["people"]["prospect"]["opted_in"] is True


@pytest.mark.parametrize(
    ("path", "body", "status", "says"),
    [
        ("/api/clock", {"hours": "many"}, 400, 'send "hours" as a number'),
        ("/api/fault", {"code": 1}, 400, "no fault for code 1"),
        ("/api/present", {"opportunity": "opp-1"}, 400, "as an object"),
        ("/api/teleport", {}, 404, "no action 'teleport'"),
    ],
)
def test_bad_actions_say_what_is_wrong(
    client: Client, path: str, body: object, status: int, says: str
) -> None:
    answer = client.post(path, json=body, headers=LOCAL)
    assert answer.status_code == status
    assert says in answer.json["error"]


def test_only_requests_addressed_to_loopback_are_answered(client: Client) -> None:
    # A site that rebinds its own name to 127.0.0.1 still sends its own Host header.
    answer = client.get("/api/state", headers={"Host": "evil.example:8940"})
    assert answer.status_code == 403
    assert client.get("/api/state", headers={"Host": "localhost:8940"}).status_code == 200


def test_the_feature_export_takes_a_check_id(client: Client) -> None:
    exported = client.get("/export/session.feature?id=QAS-042", headers=LOCAL)
    assert exported.status_code == 200
    assert "  @QAS-042 @MUST" in exported.text
    assert client.get("/export/session.feature?id=qa-1", headers=LOCAL).status_code == 400

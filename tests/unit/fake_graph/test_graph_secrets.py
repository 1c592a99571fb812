"""The fake shows no piece of any secret it knows, wherever a client put one."""

from __future__ import annotations

import json
import string
from collections.abc import Iterator

import pytest
import requests
from graph_test_data import MESSAGES_PATH, TOKEN, USER, Bodies
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.fake_graph import FakeGraph, LoopbackServer
from tests.secret_pieces import leaked_pieces

APP_SECRET = 'app-secret-ﻉ/"q-5f1c2d0e'
VERIFY_TOKEN = "verify token&4e3d2c<x>"
SECRETS = (TOKEN, APP_SECRET, VERIFY_TOKEN)
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    fake = FakeGraph(access_token=TOKEN, secrets=[APP_SECRET, VERIFY_TOKEN])
    with LoopbackServer(fake) as running:
        yield running


def _spelt(secret: str, how: str) -> str:
    if how == "json":
        return json.dumps(secret)[1:-1]
    if how == "ascii-json":
        return json.dumps(secret, ensure_ascii=True)[1:-1].replace("/", "\\/")
    return secret


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    secret=st.sampled_from(SECRETS),
    how=st.sampled_from(["raw", "json", "ascii-json"]),
    offset=st.integers(0, 10_300),
    where=st.sampled_from(["text", "field", "invalid json", "query"]),
    filler=st.sampled_from(string.ascii_letters + "ب "),
)
def test_sent_shows_no_piece_of_a_secret(
    server: LoopbackServer, secret: str, how: str, offset: int, where: str, filler: str
) -> None:
    server.fake.reset()
    server.fake.open_window(USER)
    salted = filler * offset + _spelt(secret, how) + " and more"
    body = Bodies.text(body=salted[:4096])
    raw: bytes | None = None
    path = MESSAGES_PATH
    if where == "field":
        body["biz_opaque_callback_data"] = salted
    elif where == "invalid json":
        raw = b'{"to": "' + salted.encode() + b'"'
    elif where == "query":
        path += "?debug=" + requests.utils.quote(salted[-600:], safe="")
    requests.post(
        server.url + path,
        data=raw if raw is not None else json.dumps(body, ensure_ascii=how == "ascii-json"),
        headers={**AUTH, "X-Debug": "v" + salted[-200:].encode().decode("latin-1")},
        timeout=5,
    )
    shown = requests.get(server.url + "/_harness/sent", headers=AUTH, timeout=5).text
    assert json.loads(shown)["attempts"], "the send was not captured"
    assert not leaked_pieces(shown, SECRETS)
    assert not leaked_pieces(json.dumps(json.loads(shown), ensure_ascii=False), SECRETS)

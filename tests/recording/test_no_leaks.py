"""Property: no identity, secret or token that goes through the tap reaches a file it writes,
whole or as a piece of 8 characters, for every notification shape the corpus holds."""

from __future__ import annotations

import json
import os
import re
import string
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from harness.cloud_api.ids import wamid
from harness.recording.conversation import Conversation, encode
from harness.recording.serving import Recorder, TapOptions
from harness.recording.session import RecordingSession
from harness.reports.redaction import PIECE
from harness.targets.transport import UrlTransport
from harness.webhooks.corpus import RecordedPayload, load_corpus
from harness.webhooks.delivery import WebhookClient
from tests.loopback import serving

CORPUS = [p for p in load_corpus() if not p.malformed]
# Where Meta's payloads carry who someone is, stated here independently of the scrubber.
PHONES = {"wa_id", "from", "recipient_id", "display_phone_number"}
BSUIDS = {"user_id", "parent_user_id", "from_user_id", "from_parent_user_id"}
BSUIDS |= {"recipient_user_id", "previous", "current"}
NUMERIC_IDS = {"phone_number_id", "source_id"}
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _distinct(minimum: int) -> Any:
    # Real identifiers are not runs of one digit; those would "leak" into any timestamp.
    return lambda text: len(set(text)) >= minimum


digits = st.text(string.digits, min_size=8, max_size=10).filter(_distinct(5))
phones = st.builds(
    lambda cc, rest: cc + rest, st.sampled_from(["966", "971", "20", "1", "44"]), digits
)
bsuids = st.builds(
    lambda cc, ent, rest: f"{cc}.{'ENT.' if ent else ''}{rest}",
    st.sampled_from(["SA", "AE", "EG", "US"]),
    st.booleans(),
    st.text(string.digits, min_size=15, max_size=20).filter(_distinct(6)),
)
words = st.one_of(
    st.text(ARABIC, min_size=5, max_size=9), st.text(string.ascii_lowercase, min_size=5, max_size=9)
).filter(_distinct(4))
names = st.lists(words, min_size=1, max_size=3).map(" ".join)
usernames = st.text(string.ascii_lowercase + string.digits + "._", min_size=8, max_size=20).filter(
    _distinct(6)
)
# Meta's app secrets are 32 hex digits; tokens are long base64-like strings.
app_secrets = st.text("0123456789abcdef", min_size=32, max_size=32).filter(_distinct(8))
tokens = st.text(string.ascii_letters + string.digits + "-_", min_size=16, max_size=64).filter(
    _distinct(8)
)


SAMPLE_EVENTS = [
    {"kind": "inbound", "at_ms": 0, "notification": {}, "answer_status": 200},
    {"kind": "send", "at_ms": 0, "method": "POST", "path": "/v21.0/1/messages", "request": {}},
    {"answer": {"status": 200, "body": {"messaging_product": "whatsapp", "id": "x"}}},
]
# The words every file holds whatever was recorded (keys, provenance), and the test's own.
FORMAT_WORDS = (
    encode(
        Conversation(
            RecordingSession(app_secret="-" * 8, upstream="http://127.0.0.1:1")
            .scrubbed()[0]
            .provenance,
            SAMPLE_EVENTS,
            {"verified": 1, "unsigned": 1, "missigned": 1, "handshakes": 1},
        ).document()
    )
    + " hello text to "
)


def _a_word_of(name: str, text: str) -> bool:
    return any(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", text) for w in name.split())


def _shares_piece(value: str, text: str) -> bool:
    return any(value[i : i + PIECE] in text for i in range(len(value) - PIECE + 1))


class Sink:
    """The implementation behind the tap: answers 200 and keeps the bytes it received."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
        size = int(environ.get("CONTENT_LENGTH") or 0)
        self.bodies.append(environ["wsgi.input"].read(size))
        start_response("200 OK", [("Content-Type", "application/json")])
        return iter([b'{"messaging_product":"whatsapp","messages":[{"id":"x"}]}'])


@pytest.fixture(scope="module")
def sink() -> Iterator[tuple[str, Sink]]:
    app = Sink()
    with serving(app) as url:
        yield url, app


def _personalised(template: Any, draw: st.DrawFn) -> tuple[Any, list[str]]:
    """``template`` with every identity replaced by a generated one; and those identities."""
    given_values: dict[str, str] = {}
    template_text = json.dumps(template, ensure_ascii=False) + FORMAT_WORDS

    def new(old: str, strategy: Any) -> str:
        # Fresh values only: one equal to another of the template's would be renamed with it.
        if old not in given_values:
            given_values[old] = draw(
                strategy.filter(
                    lambda v: (
                        v not in given_values.values()
                        and v not in template_text
                        and not _shares_piece(v, template_text)
                    )
                )
            )
        return given_values[old]

    def walk(node: Any, key: str = "", parent: str = "") -> Any:
        if isinstance(node, dict):
            return {k: walk(v, k, key) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(item, key, parent) for item in node]
        if not isinstance(node, str):
            return node
        if node.startswith("wamid."):
            return wamid(
                seed=draw(st.integers(0, 2**32)), counter=1, wa_id=new("wamid-number", phones)
            )
        if key in PHONES and node.isdigit():
            return new(node, phones)
        if key in BSUIDS:
            return new(node, bsuids)
        if key in NUMERIC_IDS or (key == "id" and parent == "entry"):
            return new(node, st.text(string.digits, min_size=15, max_size=15).filter(_distinct(6)))
        if key == "name" and parent == "profile":
            # A name that is also a word of the file's structure ("method") cannot be told
            # from it; such a file is refused by the leak check, not written.
            return new(node, names.filter(lambda v: not _a_word_of(v, template_text)))
        if key == "username":
            return "@" + new(node, usernames)
        return node

    personalised = walk(template)
    # Embedded identities (a number in a system message) follow their replacement.
    text = json.dumps(personalised, ensure_ascii=False)
    for old, value in given_values.items():
        if len(old) >= 6:  # the dashboard sample's entry id "0" is no identity inside text
            text = text.replace(old, value)
    return json.loads(text), list(given_values.values())


def _assert_absent(path: Path, originals: list[str]) -> None:
    raw = path.read_text(encoding="utf-8")
    strings: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            strings.extend(map(str, node))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif node is not None:
            strings.append(str(node))

    walk(json.loads(raw))
    for original in originals:
        if len(original) < PIECE:
            # A short name is judged as a word of the decoded text ("Ali" is not in "Alia",
            # and "false" is no leak in the JSON literal false).
            word = re.compile(r"(?<!\w)" + re.escape(original) + r"(?!\w)")
            assert not any(word.search(s) for s in strings), f"{original!r} in {path}"
            continue
        haystacks = [*strings, raw] if original.isascii() else strings
        pieces = {original[i : i + PIECE] for i in range(len(original) - PIECE + 1)}
        for piece in pieces:
            assert not any(piece in h for h in haystacks), (
                f"{piece!r} of {original!r} in {path}: "
                + repr([h[:300] for h in haystacks if piece in h][:2])
            )


@settings(
    max_examples=int(os.environ.get("LEAK_EXAMPLES", "5")),
    deadline=None,
    # Each example is a whole recording; shrinking one takes minutes on a busy machine.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), app_secret=app_secrets, token=tokens, verify_token=tokens)
@pytest.mark.parametrize("payload", CORPUS, ids=[p.name for p in CORPUS])
def test_no_identity_or_secret_reaches_the_file(
    sink: tuple[str, Sink],
    tmp_path_factory: pytest.TempPathFactory,
    payload: RecordedPayload,
    data: st.DataObject,
    app_secret: str,
    token: str,
    verify_token: str,
) -> None:
    url, _ = sink
    # A secret that spells part of the payload's own structure ("messagin…") cannot be told
    # from it; the leak check refuses such a file (test_leak_check.py), so it is left out here.
    structure = payload.body.decode() + FORMAT_WORDS
    assume(not any(_shares_piece(s, structure) for s in (app_secret, token, verify_token)))
    notification, identities = _personalised(payload.json(), data.draw)
    person = identities[0]
    options = TapOptions(forward=url, graph_port=0, graph_upstream=url)
    with Recorder(options, app_secret=app_secret) as recorder:
        assert recorder.graph_url is not None
        with closing(UrlTransport(recorder.url)) as transport:
            meta = WebhookClient(transport, app_secret=app_secret)
            assert meta.post(notification).accepted
            meta.handshake(verify_token=verify_token)
        send = {
            "messaging_product": "whatsapp",
            "to": person,
            "type": "text",
            "text": {"body": f"hello {' / '.join(identities)}"},
        }
        graph = UrlTransport(recorder.graph_url)
        try:
            graph.request(
                "POST",
                "/v21.0/106540352242922/messages",
                body=json.dumps(send).encode(),
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            )
        finally:
            graph.close()
    out = tmp_path_factory.mktemp("leak") / "conversation.json"
    conversation = recorder.session.write(out)
    assert [e["kind"] for e in conversation.events] == ["inbound", "send"]
    _assert_absent(out, [*identities, app_secret, token, verify_token])

"""Kinds Meta accepts that the fake does not model, and the template registry (132001)."""

from __future__ import annotations

import json

import pytest
from graph_test_data import MESSAGES_PATH, TOKEN, USER

from harness.clock import Clock
from harness.fake_graph import FakeGraph

HEADERS = {"Authorization": f"Bearer {TOKEN}"}


def _image(to: str = USER) -> dict:
    return {
        "messaging_product": "whatsapp",
        "to": to,
        "type": "image",
        "image": {"link": "https://example.invalid/a.jpg"},
    }


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (_image(), "image"),
        (
            {
                "messaging_product": "whatsapp",
                "to": USER,
                "type": "interactive",
                "interactive": {"type": "cta_url", "body": {"text": "x"}, "action": {}},
            },
            "interactive/cta_url",
        ),
    ],
)
def test_a_kind_meta_accepts_but_the_fake_does_not_model_is_accepted_and_flagged(
    post, fake, body, kind
):
    reply = post(body)
    assert reply.status == 200
    attempt = fake.attempts[-1]
    assert (attempt.accepted, attempt.unmodelled, attempt.violations) == (True, kind, ())
    assert attempt.to_dict()["unmodelled"] == kind


def test_modelled_sends_are_not_flagged(post, fake, bodies):
    post(bodies.text())
    assert fake.attempts[-1].unmodelled is None


def test_an_unknown_type_is_still_refused_as_meta_would(post, fake):
    reply = post({**_image(), "type": "hologram"})
    assert reply.status == 400
    assert reply.body["error"]["code"] == 100
    assert fake.attempts[-1].unmodelled is None


def _template(name: str, language: str) -> dict:
    return {
        "messaging_product": "whatsapp",
        "to": USER,
        "type": "template",
        "template": {"name": name, "language": {"code": language}},
    }


def test_without_registered_templates_any_template_is_accepted(post):
    assert post(_template("anything_at_all", "ar")).status == 200


def test_an_unknown_template_or_language_is_refused_with_132001():
    fake = FakeGraph(access_token=TOKEN, clock=Clock(0), templates={"opportunity_alert": ["ar"]})

    def send(body: dict):
        return fake.handle("POST", MESSAGES_PATH, HEADERS, json.dumps(body).encode())

    assert send(_template("opportunity_alert", "ar")).status == 200
    for name, language in (("opportunity_alert", "es"), ("missing_one", "ar")):
        reply = send(_template(name, language))
        error = reply.body["error"]
        assert (reply.status, error["code"]) == (404, 132001)
        assert error["error_data"]["details"] == (
            f"template name ({name}) does not exist in {language}"
        )
    fake.templates.register("missing_one", "ar")
    assert send(_template("missing_one", "ar")).status == 200

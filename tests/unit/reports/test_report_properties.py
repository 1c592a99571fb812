"""Whatever text a target sends back, every format stays valid and free of secrets."""

from __future__ import annotations

import html
import io
import json
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

import harness.reports as reports
from harness.evidence import Data
from harness.reports.html import render_html
from harness.reports.json_report import to_json_dict
from harness.reports.junit import render_junit
from harness.reports.redaction import Redactor
from harness.reports.terminal import Progress
from harness.results import CheckResult, CheckSpec, Level, Outcome, RunReport

SECRET = "tok-SECRET-4242"
REDACTOR = Redactor([SECRET, None, ""])

# Any text, including control characters, with the secret sometimes spliced in.
text = st.builds(
    lambda head, secret, tail: head + secret + tail,
    st.text(max_size=30),
    st.sampled_from(["", SECRET]),
    st.text(max_size=30),
)
json_leaf = st.none() | st.booleans() | st.integers() | st.floats() | text | st.binary(max_size=20)
evidence = st.lists(
    st.dictionaries(
        text, st.recursive(json_leaf, lambda kids: st.lists(kids, max_size=3)), max_size=3
    ),
    max_size=3,
)


@settings(max_examples=60, deadline=None)
@given(
    message=text,
    title=text,
    target=text,
    items=evidence,
    outcome=st.sampled_from(list(Outcome)),
    level=st.sampled_from(list(Level)),
)
def test_outputs_stay_valid_and_clean(message, title, target, items, outcome, level):
    spec = CheckSpec("PROP-001", title, level, "props", ("L1",))
    result = CheckResult(spec, outcome, message, [Data(item) for item in items])
    report = RunReport("0.1.0", target, "2025-06-01T12:00:00Z", 1.0, [result])

    as_json = json.dumps(to_json_dict(report, REDACTOR), ensure_ascii=False, allow_nan=False)
    assert json.loads(as_json)["checks"][0]["outcome"] == outcome.value
    junit = render_junit(report, REDACTOR)
    ET.fromstring(junit.encode("utf-8"))
    page = render_html(report, REDACTOR)
    stream = io.StringIO()
    progress = Progress(REDACTOR, stream)
    progress.check_finished(result)
    progress.finish(report)

    for output in (as_json, junit, page, html.unescape(page), stream.getvalue()):
        assert SECRET not in output


def test_public_names():
    assert set(reports.__all__) >= {
        "write_json",
        "write_junit",
        "write_html",
        "Progress",
        "Redactor",
    }
    for name in reports.__all__:
        assert hasattr(reports, name)

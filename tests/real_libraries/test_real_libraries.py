"""Implementations built on a real WhatsApp library are graded with the truth, no more.

Each target under ``tests/real_libraries/`` is the operator flow written on a real library
as a team would write it, the library serving the webhook: pywa 4.5.0 (pinned in the dev
extra) on Flask and on FastAPI, and whatsapp-api-js 6.3.0 on node:http (``node/``, pinned
in its package.json; ``make test`` installs it with npm). For each, ``TRUTH`` lists every
check it really fails and the line of the library that causes it; the test asserts the
harness reports exactly that set as failed, nothing else failed or errored. Flask handles
an update before it answers; FastAPI answers first and handles it in a background task
(pywa/_helpers.py:1296-1365), which must not change the verdict.
"""

from __future__ import annotations

import json
import shlex
import shutil
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.cli_support import ROOT, http_target, wa_harness

# A whole graded run: `make test-slow` runs it (tests/README.md).
pytestmark = pytest.mark.slow

NODE_TARGET = Path(__file__).resolve().parent / "node"

# Check -> why it fails, with the library source line (paths inside the pywa package).
PYWA_TRUTH = {
    "HSK-003": "the handshake ignores hub.mode (pywa/server.py:202-227, webhook_challenge_handler)",
    "RPL-005": "one update per POST: only entry[0].changes[0].value.messages[0] is built "
    "(pywa/server.py:403-405 calls from_update with its default index 0)",
    "RPL-012": "two taps in one change: a button update is built from value.messages[0] "
    "only (pywa/types/callback.py:292-295, CallbackButton.from_update)",
    "RPL-009": "a contact without user_id raises KeyError in User.from_contact "
    "(pywa/types/user.py:95); the update is logged and dropped",
    "RPL-011": "duplicates are recognised by a hash of the body, not by message id "
    "(pywa/server.py:318-327, skip_duplicate_updates)",
    "FLW-025": "of several statuses in one change only statuses[0] is built "
    "(pywa/types/message_status.py:191-194, status_idx=0)",
    # Meta documents failed statuses without value.contacts; pywa indexes
    # value["contacts"][0] and drops the update on the KeyError.
    "BSU-005": "a failed status without contacts raises KeyError in MessageStatus.from_update "
    "(pywa/types/message_status.py:203-205)",
    "FLW-017": "its 131047 arrives as such a failed status (pywa/types/message_status.py:203-205)",
    "FLW-020": "its 131026 arrives as such a failed status (pywa/types/message_status.py:203-205)",
}
# Check -> why it fails (paths inside the whatsapp-api-js package, under node_modules).
# Verified and harmless here: the signature is checked over escapeUnicode(raw body)
# (lib/index.js:740-745, lib/utils.js:1-5), so a body with literal UTF-8 signed over its
# real bytes is refused with 401, but Meta escapes non-ASCII and so does the harness
# (harness/webhooks/encoding.py); sendMessage resolves with Meta's error body instead of
# throwing (lib/index.js:754-756), and its declared type says so, so the flow reads it.
WHATSAPP_API_JS_TRUTH = {
    "SIG-005": "a missing X-Hub-Signature-256 is answered 500: the node-http middleware "
    "throws the number 400, not a WhatsAppAPIError (lib/middleware/node-http.js:53, "
    "and :65 answers 500 for anything else)",
    "RPL-005": "one update per POST: only entry[0].changes[0] is read and of its messages "
    "only messages[0] (lib/index.js:511, :515)",
    "RPL-012": "two taps in one change: only value.messages[0] is handled (lib/index.js:515)",
    "FLW-025": "of several statuses in one change only statuses[0] is handled (lib/index.js:564)",
}
TRUTH = {
    "pywa_flask": PYWA_TRUTH,
    # FastAPI validates the signature header as a parameter: missing means 422.
    "pywa_fastapi": {
        **PYWA_TRUTH,
        "SIG-005": "a missing X-Hub-Signature-256 is a FastAPI parameter error, 422 "
        "(pywa/_helpers.py:1332)",
    },
    "whatsapp_api_js": WHATSAPP_API_JS_TRUTH,
}
# (target, transport): in-process for both hostings, over HTTP where answering first
# meets real sockets (uvicorn runs the background task after the answer is sent).
RUNS = [
    pytest.param("pywa_flask", "in-process", id="in-process-pywa_flask"),
    pytest.param("pywa_fastapi", "in-process", id="in-process-pywa_fastapi"),
    # Every "nothing happened" waits out the --settle window.
    pytest.param("pywa_fastapi", "http", id="http-pywa_fastapi"),
    # A Node program: over HTTP only. It acts before answering and offers settle.
    pytest.param("whatsapp_api_js", "http", id="http-whatsapp_api_js"),
]
# Python functions the flow does not offer: those checks are skipped, never failed.
NO_BUILDERS = {
    *("BTN-014", "BTN-015", "PRS-001", "PRS-002", "PRS-003", "PRS-004"),
    # The negative battery's parser checks: parse_button_reply with near-miss ids.
    *("NEG-011", "NEG-012"),
}


def _grade(name: str, transport: str, out: Path) -> dict[str, str]:
    report = out / f"{name}-{transport}.json"
    if transport == "in-process":
        target = ["--target", f"python:tests.real_libraries.{name}"]
    elif name == "whatsapp_api_js":
        target = http_target(f"node {whatsapp_api_js_script()}")
    else:
        command = f"{shlex.quote(sys.executable)} -m tests.real_libraries.serve {name}"
        target = http_target(command)
    result = wa_harness("run", *target, "--json", str(report), timeout=300)
    assert report.exists(), result.stdout + result.stderr
    checks = json.loads(report.read_text(encoding="utf-8"))["checks"]
    return {c["id"]: c["outcome"] for c in checks}


def whatsapp_api_js_script() -> str:
    """The target's script, once its pinned npm package is installed; else fail saying how."""
    pinned = json.loads((NODE_TARGET / "package.json").read_text(encoding="utf-8"))
    wanted = pinned["dependencies"]["whatsapp-api-js"]
    installed = NODE_TARGET / "node_modules" / "whatsapp-api-js" / "package.json"
    found = (
        json.loads(installed.read_text(encoding="utf-8"))["version"]
        if installed.is_file()
        else None
    )
    if shutil.which("node") is None or found != wanted:
        pytest.fail(
            f"whatsapp-api-js {wanted} is not installed in {NODE_TARGET.relative_to(ROOT)} "
            f"(found: {found or 'nothing'}; node: {shutil.which('node') or 'not installed'}): "
            "install Node.js 20 or newer with npm, then run `make test`, which installs it"
        )
    return shlex.quote(str((NODE_TARGET / "server.js").relative_to(ROOT)))


@pytest.fixture(scope="module")
def graded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[tuple[str, str], Future[dict[str, str]]]]:
    """The selected runs, started together (each is a whole run, mostly waiting)."""
    out = tmp_path_factory.mktemp("real-libraries")
    wanted = [
        (item.callspec.params["name"], item.callspec.params["transport"])
        for item in request.session.items
        if getattr(item, "module", None) is request.module and hasattr(item, "callspec")
    ]
    with ThreadPoolExecutor(max_workers=max(1, len(wanted))) as pool:
        yield {run: pool.submit(_grade, *run, out) for run in wanted}


@pytest.mark.parametrize(("name", "transport"), RUNS)
def test_the_harness_reports_exactly_what_the_library_gets_wrong(
    name: str, transport: str, graded: dict[tuple[str, str], Future[dict[str, str]]]
) -> None:
    outcomes = graded[(name, transport)].result()
    bad = {check for check, outcome in outcomes.items() if outcome in ("failed", "error")}
    assert bad == set(TRUTH[name]), {c: outcomes.get(c) for c in bad ^ set(TRUTH[name])}
    skipped = {check for check, outcome in outcomes.items() if outcome == "skipped"}
    assert skipped <= NO_BUILDERS

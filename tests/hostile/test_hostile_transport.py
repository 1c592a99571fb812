"""The HTTP transport on its own: a dripped answer meets the whole-answer deadline."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from harness.errors import TargetUnreachable
from harness.targets.transport import WHOLE_ANSWER_GRACE_S, UrlTransport
from tests.hostile.conftest import serve


@pytest.fixture(params=["body", "headers"])
def dripping(request: pytest.FixtureRequest) -> Iterator[str]:
    yield from serve("drip.py", *(["headers"] if request.param == "headers" else []))


def test_dripped_answer_ends_at_the_deadline(dripping: str) -> None:
    transport = UrlTransport(dripping, timeout_s=0.5)
    started = time.perf_counter()
    with pytest.raises(TargetUnreachable, match="did not finish answering"):
        transport.request("GET", "/webhook")
    elapsed = time.perf_counter() - started
    print(f"hostile case dripped answer: ended in {elapsed:.2f} s (exception)")
    assert elapsed < 0.5 + WHOLE_ANSWER_GRACE_S + 1.0
    transport.close()

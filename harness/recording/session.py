"""One recording session: raw events held in memory only, written once, scrubbed and checked."""

from __future__ import annotations

import datetime
import os
import re
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import harness
from harness.errors import UsageError
from harness.recording.conversation import Conversation, encode
from harness.recording.leak_check import check_written
from harness.recording.scrubbing import Scrubber

_PATH_NUMBER = re.compile(r"(?<=/)[0-9]{5,}(?=/|$)")


class RecordingSession:
    """What the tap saw, in order; nothing touches disk until ``write`` has scrubbed it."""

    def __init__(
        self,
        *,
        app_secret: str,
        webhook_path: str = "/webhook",
        upstream: str | None = None,
        scrub_text: bool = False,
    ) -> None:
        self.webhook_path = webhook_path
        self.upstream = upstream
        self.scrub_text = scrub_text
        self._secrets: set[str] = {app_secret}
        self._lock = threading.Lock()
        self._events: list[dict[str, Any]] = []
        self._started: float | None = None
        self.counts: Counter[str] = Counter()

    def learn_secret(self, secret: str | None) -> None:
        """A token seen on the wire (the Graph token, the verify token): never written."""
        if secret:
            with self._lock:
                self._secrets.add(secret)

    def count(self, what: str) -> None:
        """One more delivery of a kind (``verified``, ``unsigned``, ``missigned``…)."""
        with self._lock:
            self.counts[what] += 1

    def add(self, event: dict[str, Any]) -> dict[str, Any]:
        """Append an event, stamped with its time; the caller may complete it afterwards."""
        now = time.monotonic()
        with self._lock:
            if self._started is None:
                self._started = now
            event["at_ms"] = round((now - self._started) * 1000)
            self._events.append(event)
        return event

    @property
    def events(self) -> list[dict[str, Any]]:
        """A snapshot of the raw events (in memory only)."""
        with self._lock:
            return list(self._events)

    def scrubbed(self) -> tuple[Conversation, Scrubber]:
        """The conversation with pseudonyms and no secret, and the scrubber that made it."""
        with self._lock:
            events, secrets = list(self._events), set(self._secrets)
            counts = dict(self.counts)
        scrubber = Scrubber(secrets=secrets, scrub_text=self.scrub_text)
        for event in events:
            scrubber.collect(event.get("notification"), inbound_text=True)
            for key in ("command", "request", "answer"):
                scrubber.collect(event.get(key))
            for number in _PATH_NUMBER.findall(event.get("path", "")):
                scrubber.collect_value(number, "opaque")
        scrubber.finish()
        day = datetime.datetime.now(datetime.UTC).date().isoformat()
        provenance = {
            "recorded_with": f"wa-harness {harness.__version__}",
            "recorded_on": day,
            "source": "wa-harness record: a tap in front of an implementation",
            "upstream": urlsplit(self.upstream).hostname if self.upstream else None,
            "webhook_path": self.webhook_path,
            "text_scrubbed": self.scrub_text,
        }
        return Conversation(provenance, scrubber.apply(events), counts), scrubber

    def write(self, path: Path | str) -> Conversation:
        """Scrub, write, then check the file; a leak deletes it and raises ``LeakFound``."""
        target = Path(path)
        conversation, scrubber = self.scrubbed()
        text = encode(conversation.document())
        partial = target.with_name(target.name + ".partial")
        try:
            partial.write_text(text, encoding="utf-8")
            check_written(partial, scrubber.originals())
            os.replace(partial, target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from exc
        return conversation

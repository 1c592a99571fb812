"""What one load run is configured with; passed as JSON to the Locust process."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from harness.errors import UsageError

PATTERNS = ("steady", "bursts")


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """A load run: where to post, how fast, for how long, and with what mix of traffic.

    ``rate`` is notifications per second over all users (None: as fast as possible).
    Shares are fractions of taps: ``duplicate_share`` are delivered twice at the same
    moment, ``redelivery_share`` come again later inside a different batch.
    """

    target_url: str
    app_secret: str = field(repr=False)
    webhook_path: str = "/webhook"
    corpus_dir: str | None = None
    payload_file: str | None = None
    rate: float | None = None
    users: int = 10
    duration_s: float = 10.0
    pattern: str = "steady"
    burst: int = 20
    duplicate_share: float = 0.1
    redelivery_share: float = 0.05
    timeout_s: float = 10.0
    max_retries: int = 3
    workers: int = 0
    seed: int = 0
    opportunities: int = 500
    operators: int = 5
    stats_path: str = ""
    html_path: str | None = None
    master_bind_port: int = 5557

    def __post_init__(self) -> None:
        if self.rate is not None and self.rate <= 0:
            raise UsageError("--rate must be a positive number of notifications/s, or 'max'")
        if self.users < 1:
            raise UsageError("--users must be at least 1")
        if self.duration_s <= 0:
            raise UsageError("--duration must be more than 0 seconds")
        if self.pattern not in PATTERNS:
            raise UsageError(f"--pattern must be one of {', '.join(PATTERNS)}")
        for name in ("duplicate_share", "redelivery_share"):
            if not 0 <= getattr(self, name) <= 1:
                raise UsageError(f"{name.replace('_', '-')} must be between 0 and 1")

    def with_changes(self, **changes: Any) -> LoadOptions:
        return replace(self, **changes)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> LoadOptions:
        return cls(**json.loads(text))

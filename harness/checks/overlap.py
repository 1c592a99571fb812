"""Two deliveries of one notification in flight at once, as Meta's retry of a slow first
delivery overlaps it: the first send either causes is held, so the two certainly overlap.

The hold lasts as long as the second delivery plausibly needs to reach the point the first
had reached when it sent: both left together, so the second is given ``HOLD_MARGIN``
times the time the first took to its send, at least ``HOLD_FLOOR_S``, at most
``OVERLAP_HOLD_S``. The margin scales with the machine's load, as the first delivery's own
time does; without a hold the overlap, and so the verdict, would depend on luck.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from harness.checks.check_context import CheckContext
from harness.fake_graph import FaultRule
from harness.webhooks.delivery import Delivery

# The longest a send is held: far longer than the second delivery takes to arrive.
OVERLAP_HOLD_S = 0.5
HOLD_FLOOR_S = 0.15
HOLD_MARGIN = 5.0
ANSWERS_POLL_S = 0.01


@dataclass(frozen=True, slots=True)
class Overlapped:
    """Two deliveries made at once, and the hold on the first send they caused."""

    deliveries: list[Delivery]
    # Armed still if no send met it before both were answered (a target acting later).
    hold: FaultRule
    # Whether a send met the hold while the deliveries were in flight, and it has ended.
    released: bool


def deliver_overlapping(ctx: CheckContext, bodies: list[dict[str, Any] | bytes]) -> Overlapped:
    """Post ``bodies`` at the same moment, holding the first send either causes."""
    fake, arrivals = ctx.world.fake, ctx.world.arrivals
    hold = FaultRule("delay", trigger="next", n=1, seconds=OVERLAP_HOLD_S)
    fake.add_fault(hold)
    client = ctx.client()
    start = threading.Barrier(len(bodies))
    seen = arrivals.count

    def deliver(body: dict[str, Any] | bytes) -> Delivery:
        start.wait()
        return client.post(body)

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        left_at = time.monotonic()
        futures = [pool.submit(deliver, body) for body in bodies]
        deadline = left_at + OVERLAP_HOLD_S
        while arrivals.count == seen and not all(f.done() for f in futures):
            if time.monotonic() >= deadline:
                break
            # A send wakes this at once; the answers are looked at every few milliseconds.
            arrivals.wait(seen, min(deadline - time.monotonic(), ANSWERS_POLL_S))
        released = arrivals.count > seen
        if released:
            sent_at = arrivals.last_at
            held_s = min(OVERLAP_HOLD_S, max(HOLD_FLOOR_S, HOLD_MARGIN * (sent_at - left_at)))
            time.sleep(max(0.0, sent_at + held_s - time.monotonic()))
            fake.holds.release()
        return Overlapped([future.result() for future in futures], hold, released)

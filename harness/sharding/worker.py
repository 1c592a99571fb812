"""One shard: ``python -m harness.sharding.worker`` grades the settings it reads (pickled)
from standard input and writes its report (pickled) to standard output.

Settings and report travel through pipes, never through files or the command line, so
the secrets they hold are never on disk or in a process listing.
"""

from __future__ import annotations

import io
import os
import pickle
import sys

from harness.errors import HarnessError
from harness.runner import run_conformance

# Exit status of a shard whose target or setup failed; its message is on stderr.
SETUP_FAILED = 2


def main() -> None:
    settings = pickle.load(sys.stdin.buffer)  # the parent process wrote it
    # The report goes out on the real standard output; whatever the target prints while
    # it is graded (from Python or below it) goes to standard error instead.
    report_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        report, _ = run_conformance(settings, stream=io.StringIO())
    except HarnessError as exc:
        print(str(exc), file=sys.stderr)
        sys.exit(SETUP_FAILED)
    with report_out:
        report_out.write(pickle.dumps(report))


if __name__ == "__main__":
    main()

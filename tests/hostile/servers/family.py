"""The reference over HTTP, slowed down, that also starts a grandchild process.

Each request waits ``argv[2]`` seconds, so a run is still grading when a test stops it.
The grandchild only sleeps: nothing stops it unless the harness stops the whole process
group. Both pids are written to ``argv[1]`` before it serves.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _reference import App, serve


def main() -> None:
    pids, delay = Path(sys.argv[1]), float(sys.argv[2])
    grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    pids.write_text(f"{os.getpid()} {grandchild.pid}\n", encoding="utf-8")

    def slow(app: App, environ: dict[str, Any], start_response: Any) -> Any:
        time.sleep(delay)
        return app(environ, start_response)

    serve(slow)


if __name__ == "__main__":
    main()

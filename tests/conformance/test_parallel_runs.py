"""``run --parallel N`` grades the same as a run of one, over Python and HTTP targets."""

from __future__ import annotations

import json
import shlex
import sys
import uuid
from pathlib import Path

import pytest

from tests.cli_support import free_port, invoke_cli, wa_harness, wa_harness_in_process

# A whole graded run: `make test-slow` runs it (tests/README.md).
pytestmark = pytest.mark.slow


def _outcomes(path: Path) -> dict[str, tuple[str, str]]:
    checks = json.loads(path.read_text(encoding="utf-8"))["checks"]
    return {c["id"]: (c["outcome"], c["message"]) for c in checks}


def _alone_and_sharded(
    folder: Path, shards: int, *args: str
) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """Each check's outcome and message in a run of one and in ``shards`` shards (exit 1)."""
    one, many = folder / "one.json", folder / "many.json"
    single = wa_harness_in_process("run", *args, "-q", "--json", str(one))
    sharded = wa_harness_in_process(
        "run", *args, "-q", "--parallel", str(shards), "--json", str(many)
    )
    assert single.returncode == sharded.returncode == 1, sharded.stdout + sharded.stderr
    assert f"in {shards} shards" in sharded.stdout
    return _outcomes(one), _outcomes(many)


def test_shards_of_a_python_target_give_the_outcomes_and_messages_of_one_run(
    tmp_path: Path,
) -> None:
    target = "python:harness.examples.cold_outreach"
    alone, merged = _alone_and_sharded(
        tmp_path, 3, "--target", target, "--profile", "flow,replay,invariants"
    )
    assert {k: v[0] for k, v in merged.items()} == {k: v[0] for k, v in alone.items()}
    # Every check but the invariants (which judge each shard's own sends) says the same.
    assert {k: v for k, v in merged.items() if not k.startswith("INV")} == {
        k: v for k, v in alone.items() if not k.startswith("INV")
    }


def test_an_outline_split_over_two_shards_reads_as_one_run(tmp_path: Path) -> None:
    # Its ids found by prefix: NEG-006 fails one example of its first half, two of its second.
    target = "python:tests.sample_targets.record_prefix_lookup"
    alone, merged = _alone_and_sharded(tmp_path, 2, "--target", target, "--check", "NEG-006")

    assert merged == alone
    assert alone["NEG-006"][1].count("went to a prospect") == 3


def test_target_cmd_instances_each_get_a_port_of_their_own(tmp_path: Path) -> None:
    port = free_port()
    report = tmp_path / "r.json"
    code, output = invoke_cli(
        "run",
        "--target",
        f"http://127.0.0.1:{port}",
        "--target-cmd",
        f"{shlex.quote(sys.executable)} -m tests.sample_targets.serve baseline",
        "--profile",
        "webhook,flow",
        "--parallel",
        "2",
        "--json",
        str(report),
        "-q",
    )
    assert code == 0, output
    assert "in 2 shards" in output
    assert all(outcome in ("passed", "skipped") for outcome, _ in _outcomes(report).values())


def test_a_url_the_harness_cannot_start_again_runs_as_one_shard_and_says_so() -> None:
    code, output = invoke_cli(
        "run", "--target", "http://127.0.0.1:9", "--parallel", "2", "--profile", "webhook"
    )
    assert "one shard: a URL without --target-cmd" in output
    assert code == 2, output


def _processes_marked(mark: str) -> list[int]:
    """Pids of the live processes whose environment holds ``mark``."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and mark.encode() in (proc / "environ").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc")
def test_a_shard_that_fails_stops_the_others_and_their_servers() -> None:
    port = free_port()
    mark = f"WA_HARNESS_TEST_SHARDS={uuid.uuid4().hex}"
    # The first shard's server (on the run's own port) fails at once; the others start
    # theirs and are grading when the run ends on that failure.
    command = (
        f'sh -c \'test "$PORT" = {port} && exit 3; '
        f"exec {shlex.quote(sys.executable)} -m tests.sample_targets.serve async_reference'"
    )
    result = wa_harness(
        "run",
        "--target",
        f"http://127.0.0.1:{port}",
        "--target-cmd",
        command,
        "--parallel",
        "3",
        env=dict([mark.split("=")]),
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "exited with code 3" in result.stderr
    assert _processes_marked(mark) == []

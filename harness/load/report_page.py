"""The harness's judgement inside Locust's HTML report: the verdict and LOAD-001..007.

Locust's page is a script-rendered application in ``<div id="root">``; the judgement goes
in a plain section before it, so it reads first, needs no script and survives Locust's
own styles. Every text is HTML-escaped and passed through the run's redactor.
"""

from __future__ import annotations

import html
from pathlib import Path

from harness.errors import UsageError
from harness.load.verdict import LoadResult, verdict_line
from harness.reports.redaction import Redactor
from harness.results import Outcome

SECTION_ID = "wa-harness-load-verdict"
_COLOURS = {"PASS": "#1b7f3b", "WARN": "#9a6700", "FAIL": "#b42318"}
_OUTCOME_COLOURS = {
    Outcome.PASSED: "#1b7f3b",
    Outcome.FAILED: "#b42318",
    Outcome.SKIPPED: "#57606a",
}
_STYLE = """
#wa-harness-load-verdict { font-family: system-ui, sans-serif; max-width: 1200px;
  margin: 16px auto; padding: 12px 16px; border: 1px solid #d0d7de; border-radius: 8px; }
#wa-harness-load-verdict h2 { margin: 0 0 8px; font-size: 1.3em; }
#wa-harness-load-verdict table { border-collapse: collapse; width: 100%; }
#wa-harness-load-verdict td, #wa-harness-load-verdict th { text-align: left;
  vertical-align: top; padding: 4px 8px; border-top: 1px solid #d0d7de; }
#wa-harness-load-verdict td:nth-child(-n+3) { white-space: nowrap; }
#wa-harness-load-verdict td:nth-child(n+4) { overflow-wrap: anywhere; }
"""


def judgement_section(result: LoadResult, redactor: Redactor, *, strict: bool = False) -> str:
    """The verdict line and one row per check, as an HTML section."""
    line = verdict_line(result, strict=strict)
    word = line.split()[1]
    rows = "".join(
        "<tr>"
        f'<td style="color:{_OUTCOME_COLOURS.get(c.outcome, "#57606a")}">'
        f"{_text(c.outcome.value.upper(), redactor)}</td>"
        f"<td>{_text(c.id, redactor)}</td><td>{_text(c.level.value, redactor)}</td>"
        f"<td>{_text(c.title, redactor)}</td><td>{_text(c.message, redactor)}</td>"
        "</tr>"
        for c in result.checks
    )
    return (
        f'<section id="{SECTION_ID}" data-verdict="{_text(result.verdict, redactor)}">'
        f"<style>{_STYLE}</style>"
        f'<h2 style="color:{_COLOURS.get(word, "#24292f")}">{_text(line, redactor)}</h2>'
        "<p>wa-harness load: what the target answered and what it did, judged against "
        "Meta's guidance (the checks below); Locust's statistics and charts follow.</p>"
        "<table><thead><tr><th>outcome</th><th>id</th><th>level</th><th>check</th>"
        f"<th>what happened</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def add_judgement(path: Path, result: LoadResult, redactor: Redactor, *, strict: bool) -> None:
    """Put the judgement into the Locust report at ``path``, right after ``<body>``."""
    try:
        page = path.read_text("utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read the Locust report {path}: {exc.strerror}") from exc
    section = judgement_section(result, redactor, strict=strict)
    # The page's scripts hold "<body" in strings too: the tag is the first after </head>.
    opening = page.find("<body", max(page.rfind("</head>"), 0))
    if opening < 0:
        raise UsageError(f"{path} is not a Locust report (no <body> after its head)")
    end = page.index(">", opening) + 1
    path.write_text(page[:end] + section + page[end:], encoding="utf-8")


def _text(value: str, redactor: Redactor) -> str:
    return html.escape(redactor.text(value))

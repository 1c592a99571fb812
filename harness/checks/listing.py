"""What ``wa-harness checks`` prints: the checks and the checklist lines they cover."""

from __future__ import annotations

import json
from collections.abc import Sequence

from harness.results import ChecklistLine, CheckSpec


def format_checks(
    specs: Sequence[CheckSpec],
    lines: Sequence[ChecklistLine],
    *,
    as_json: bool,
    narrowed: bool,
) -> str:
    """The checks as a table (or JSON), then each checklist line with its checks."""
    coverage = {line.id: [s.id for s in specs if line.id in s.lines] for line in lines}
    if narrowed:
        # A narrowed list covers few lines; listing the rest as NOT COVERED would mislead.
        lines = [line for line in lines if coverage[line.id]]
    if as_json:
        data = {
            "checks": [
                {
                    "id": s.id,
                    "title": s.title,
                    "level": s.level.value,
                    "profile": s.profile,
                    "lines": list(s.lines),
                }
                for s in specs
            ],
            "checklist": [
                {
                    "id": line.id,
                    "section": line.section,
                    "text": line.text,
                    "checks": coverage[line.id],
                }
                for line in lines
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)
    out = [
        f"{s.id}  {s.level.value:<6}  {s.profile:<10}  {','.join(s.lines):<10}  {s.title}"
        for s in specs
    ]
    out.append("\nChecklist coverage:")
    for line in lines:
        ids = ", ".join(coverage[line.id]) or "NOT COVERED"
        out.append(f"{line.id:<3} {line.section}: {line.text}\n    {ids}")
    return "\n".join(out)

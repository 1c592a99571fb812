"""Report writers: terminal, JSON, JUnit XML, HTML, cucumber, a QA transcript and the grid,
all redacted. Each lives in its own module; importing the package loads none of them, so a
part that only masks text does not load the HTML templates."""

"""Write the documents generated from the metric catalog (data/reference/metrics.toml).

- ``docs/metrics.schema.json``: the JSON Schema of metrics.json;
- ``docs/methodology.md``: the metric table between its catalog markers.

Usage::

    python scripts/build_docs.py          # write both
    python scripts/build_docs.py --check  # exit 1 when either is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.metrics.catalog import schema_text, with_methodology_table
from analysis.reference.paths import REPO_ROOT

SCHEMA_FILE = REPO_ROOT / "docs" / "metrics.schema.json"
METHODOLOGY_FILE = REPO_ROOT / "docs" / "methodology.md"


def generated() -> dict[Path, str]:
    """The text each generated document must hold."""
    return {SCHEMA_FILE: schema_text(),
            METHODOLOGY_FILE: with_methodology_table(METHODOLOGY_FILE.read_text("utf-8"))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale documents")
    args = parser.parse_args(argv)
    stale = [path for path, text in generated().items()
             if not path.exists() or path.read_text("utf-8") != text]
    if args.check:
        for path in stale:
            print(f"{path.relative_to(REPO_ROOT)} is out of date: run python scripts/build_docs.py")
        return 1 if stale else 0
    for path, text in generated().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Change detection: a report is rendered again only when one of its inputs changed.

A report's fingerprint hashes four things: the content of the dataset's files and the package's
source (``analysis.inputs.cache.data_hash`` and ``source_hash``), the report
notebook's cells (sources and tags, not outputs) and the report's parameters. The manifest of
a period folder (``manifest.json``) records, per report, the fingerprint of its last
successful render and the files it wrote.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.atomic import write_json

MANIFEST_NAME = "manifest.json"


def notebook_hash(path: Path) -> str:
    """Hash of a notebook's cell types, sources and tags (outputs and counts are ignored)."""
    with open(path, encoding="utf-8") as handle:
        cells = json.load(handle)["cells"]
    content = [
        [cell["cell_type"], "".join(cell["source"]), cell.get("metadata", {}).get("tags", [])]
        for cell in cells
    ]
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def fingerprint(**inputs: Any) -> str:
    """Hash of named inputs (strings, numbers, lists, dicts), independent of their order."""
    text = json.dumps(inputs, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Manifest:
    """Fingerprints and outputs of the last successful renders in a period folder."""

    path: Path
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, period_dir: Path) -> Manifest:
        """The folder's manifest, empty when it is missing or unreadable."""
        path = Path(period_dir) / MANIFEST_NAME
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
        except (OSError, ValueError, KeyError, TypeError):
            entries = {}
        return cls(path, entries)

    def is_current(self, key: str, digest: str, needed: Iterable[str]) -> bool:
        """True when ``key`` was rendered with fingerprint ``digest`` and its files still exist."""
        entry = self.entries.get(key)
        if not entry or entry.get("fingerprint") != digest:
            return False
        outputs = set(entry.get("outputs", []))
        needed = set(needed)
        return needed <= outputs and all((self.path.parent / name).exists() for name in outputs)

    def record(self, key: str, digest: str, outputs: Iterable[str]) -> None:
        """Remember a successful render."""
        self.entries[key] = {"fingerprint": digest, "outputs": sorted(outputs)}

    def forget(self, key: str) -> None:
        """Drop an entry (its render failed or is out of date)."""
        self.entries.pop(key, None)

    def save(self) -> None:
        """Write the manifest atomically."""
        write_json(self.path, {"entries": dict(sorted(self.entries.items()))})

"""Change detection: a report is rendered again only when one of its inputs changed.

A report's fingerprint hashes four things: the content of the dataset's files, the package's
source (Python modules, report templates and the reference data they read), the report
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

from analysis.outputs.atomic import write_json
from analysis.reference.paths import REFERENCE_DIR

PACKAGE_DIR = Path(__file__).resolve().parents[1]
SOURCE_SUFFIXES = {".py", ".j2", ".css", ".json", ".toml", ".csv"}
MANIFEST_NAME = "manifest.json"


def hash_files(paths: Iterable[Path], root: Path) -> str:
    """SHA-256 over the files' names (relative to ``root``) and contents, in name order."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def data_hash(data_dir: Path) -> str:
    """Hash of every (non-hidden) file of a dataset folder."""
    files = [p for p in Path(data_dir).iterdir() if p.is_file() and not p.name.startswith(".")]
    return hash_files(files, Path(data_dir))


def _source_files(root: Path) -> list[Path]:
    return [
        p for p in root.rglob("*")
        if p.is_file() and p.suffix in SOURCE_SUFFIXES and "__pycache__" not in p.parts
    ]


def source_hash(package_dir: Path = PACKAGE_DIR, reference_dir: Path = REFERENCE_DIR) -> str:
    """Hash of the package's code and templates and of the reference data."""
    digest = hashlib.sha256()
    for root in (package_dir, reference_dir):
        digest.update(hash_files(_source_files(root), root).encode())
    return digest.hexdigest()


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

"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Each writer fills a temporary file in the target's own folder (so the final rename stays on
one file system) and moves it over the target with ``os.replace`` only once it is complete.
If the writer raises, the temporary file is removed and the target is left as it was.
The temporary file is named ``.<target name>.<random>.tmp<target suffix>``: hidden, marked
as temporary, and still of the target's type for tools that go by the name (papermill warns
of a notebook whose name does not end in ``.ipynb``). A killed writer leaves it behind;
``is_temporary`` recognises it for the next run to remove.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# ".<name>.<random>.tmp<suffix>", and ".<name>.<random>.tmp" as earlier versions named them.
_TEMPORARY_NAME = re.compile(r"^\..+\.tmp(\.[^.]+)?$")


def is_temporary(path: Path) -> bool:
    """True for a temporary file of ``atomic_path``, which a killed writer left behind."""
    return bool(_TEMPORARY_NAME.match(Path(path).name))


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".tmp{target.suffix}",
                                    dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target) as temporary, open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write_text(target: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``target`` atomically."""
    write_bytes(target, text.encode("utf-8"))


def write_json(target: Path, value: Any) -> None:
    """Write ``value`` as indented UTF-8 JSON to ``target`` atomically."""
    write_text(target, json.dumps(value, ensure_ascii=False, indent=2) + "\n")

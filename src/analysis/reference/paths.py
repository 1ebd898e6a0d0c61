"""Where the repository's folders are.

The package is installed in editable mode from the repository, so the folders are found
relative to this file; ``BKBK_HOME`` overrides the repository root.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(os.environ.get("BKBK_HOME", Path(__file__).resolve().parents[3]))
DATA_DIR = REPO_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
PROVINCES_FOLDER = "provinces"  # under REFERENCE_DIR: each province's own parameters
DEMO_DIR = DATA_DIR / "demo"
REPORTS_DIR = REPO_ROOT / "reports"
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"

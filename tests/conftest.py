"""Shared fixtures: the demo dataset, generated once per test session."""

from __future__ import annotations

import os
import shutil
import tempfile

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("MPLBACKEND", "Agg")
# The dataset cache of the test session (and of the kernels it starts), removed at the end.
_CACHE_DIR = tempfile.mkdtemp(prefix="bkbk-test-cache-")
os.environ["BKBK_CACHE_DIR"] = _CACHE_DIR


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_CACHE_DIR, ignore_errors=True)


@pytest.fixture(autouse=True)
def _reports_in_the_basis(monkeypatch):
    """Every test starts with the reports in the province's basis coding; a test that sets
    another (``geography.use_coding``) leaves it behind."""
    from analysis.reference.province import CODING_ENVIRONMENT

    monkeypatch.setenv(CODING_ENVIRONMENT, "")  # recorded, so that teardown removes it
    monkeypatch.delenv(CODING_ENVIRONMENT)


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory):
    """A fresh demo dataset written by the current generator (not the one in data/demo)."""
    from analysis.demo import write_demo_dataset

    out = tmp_path_factory.mktemp("demo")
    write_demo_dataset(out)
    return out


@pytest.fixture(scope="session")
def demo_dataset(demo_dir):
    """The demo dataset, loaded and validated once."""
    from analysis.inputs.loading import load_dataset

    return load_dataset(demo_dir)


NATION_PROVINCES = ("31", "34")  # DKI Jakarta (6 regencies) and DI Yogyakarta (5): small


@pytest.fixture(scope="session")
def province_demo_dirs(tmp_path_factory) -> dict[str, object]:
    """A demo dataset of each of two small provinces, with village lists."""
    from analysis.demo import write_demo_dataset

    folders = {}
    for code in NATION_PROVINCES:
        folders[code] = tmp_path_factory.mktemp(f"demo-{code}")
        write_demo_dataset(folders[code], province=code)
    return folders


@pytest.fixture(scope="session")
def nation_dir(tmp_path_factory, province_demo_dirs):
    """A national dataset (``province = "all"``) made of the two provinces' demo datasets,
    their participant and claim ids told apart by the province's code."""
    import pandas as pd

    out = tmp_path_factory.mktemp("nation")
    ids = {"participants": ["participant_id"], "claims": ["claim_id", "participant_id"]}
    for name in ("participants", "contributions", "claims", "allocations", "workforce",
                 "village_lists"):
        parts = []
        for code, folder in province_demo_dirs.items():
            frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
            for column in ids.get(name, []):
                frame[column] = f"{code}-" + frame[column]
            parts.append(frame)
        pd.concat(parts, ignore_index=True).to_csv(out / f"{name}.csv", index=False)
    (out / "dataset.toml").write_text(
        'name = "BKBK Jamsostek DKI Jakarta dan DI Yogyakarta (uji nasional)"\n'
        'source = "demo-data --province 31 dan --province 34"\nsynthetic = true\n'
        'as_of = "2025-12-31"\npseudonym_key = "demo"\nprovince = "all"\n', "utf-8")
    return out

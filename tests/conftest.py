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

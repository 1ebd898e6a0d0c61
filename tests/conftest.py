"""Shared fixtures: the demo dataset, generated once per test session."""

from __future__ import annotations

import os

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("MPLBACKEND", "Agg")


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

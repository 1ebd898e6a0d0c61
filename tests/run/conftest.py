"""Fixtures of the run tests."""

from __future__ import annotations

import pytest
from distributed import LocalCluster


@pytest.fixture
def cluster():
    """A scheduler and two single-thread worker processes on 127.0.0.1."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as local:
        yield local

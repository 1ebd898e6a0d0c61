"""Report jobs on an existing Dask distributed cluster (``bkbk report --scheduler ADDRESS``).

The cluster's client executor takes the place of the local process pool: the runner submits
the same jobs and reads the same results, so progress, failure report, atomic writes and
skip-unchanged do not change. The scheduler gives the jobs of a lost worker to another one;
``RETRIES`` more attempts are made for a job whose task itself errs.

The workers read the dataset cache and write the outputs at the paths the run gives them, so
the cache folder (``BKBK_CACHE_DIR``), the dataset and the output folder must be mounted at
the same paths on every worker, and the workers must run the same package version: the run
checks both before it submits anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from pathlib import Path

from analysis.run.jobs import warm_worker

RETRIES = 2
CONNECT_TIMEOUT = "30s"


class ClusterError(RuntimeError):
    """The cluster cannot be reached or cannot run the reports."""


@contextmanager
def cluster_executor(address: str, folders: list[Path], source_digest: str
                     ) -> Iterator[Executor]:
    """An executor that runs jobs on the cluster of the scheduler at ``address``, once every
    worker is seen to reach ``folders`` and to run the package version ``source_digest``."""
    from distributed import Client

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except OSError as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    with client:
        views = client.run(_worker_view, [str(folder) for folder in folders])
        problems = _problems(views, source_digest)
        if problems:
            raise ClusterError(f"the Dask cluster at {address} cannot render the reports: "
                               + "; ".join(problems))
        # Every worker starts its kernel now, while the run prepares; a worker that joins later
        # starts it on its first report.
        warming = [client.submit(warm_worker, workers=[worker], allow_other_workers=False,
                                 pure=False) for worker in views]
        executor = client.get_executor(pure=False, retries=RETRIES)
        try:
            yield executor
        except BaseException:
            executor.shutdown(wait=False)
            raise
        finally:
            client.cancel(warming)


def _worker_view(paths: list[str]) -> dict:
    """On a worker: which of the run's folders it does not see, and its package version."""
    from analysis.inputs.cache import source_hash

    return {"missing": [path for path in paths if not Path(path).is_dir()],
            "source": source_hash()}


def _problems(views: dict[str, dict], source_digest: str) -> list[str]:
    if not views:
        return ["it has no workers"]
    problems = []
    for worker, view in sorted(views.items()):
        if view["missing"]:
            problems.append(f"worker {worker} does not see {', '.join(view['missing'])}")
        if view["source"] != source_digest:
            problems.append(f"worker {worker} runs another version of the analysis package")
    return problems

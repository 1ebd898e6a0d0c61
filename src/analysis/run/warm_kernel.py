"""The worker's warm kernel: one kernel and one connected client per worker process, on which
papermill executes report notebook after report notebook.

Before every notebook the kernel's user namespace, history and extensions are reset (as in a
new kernel) while the libraries it imported stay loaded. Papermill runs on the kernel through
its own engine (``WARM_ENGINE``), which hands papermill's notebook client the connected kernel
client instead of a new one.

The kernel talks to its worker over Unix sockets in a folder only the user can open, not over
TCP: a local port would let any user of the machine read the report's outputs as the kernel
sends them (ipykernel warns of this on every start), and ports cannot be made private. The
worker holds a lock on its folder while it lives; the folder of a worker that was killed is
removed when the next kernel starts.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import threading
from pathlib import Path

import zmq
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, logger, papermill_engines
from papermill.utils import remove_args

# Run in the warm kernel before each notebook: what a new kernel would look like, with the
# modules already imported. Autoreload is unloaded so that the notebook's %load_ext loads it.
_FRESH_NAMESPACE = """
def _fresh_namespace():
    ip = get_ipython()
    for event, callbacks in ip.events.callbacks.items():
        for callback in list(callbacks):
            owner = getattr(callback, "__self__", None)
            if type(owner).__module__ == "IPython.extensions.autoreload":
                ip.events.unregister(event, callback)
    ip.extension_manager.loaded.difference_update({"autoreload", "IPython.extensions.autoreload"})
    ip.reset(new_session=True)

_fresh_namespace()
"""
# The report modules' objects are frozen out of garbage collection: the kernel's full
# collections (one in every reset, others while the charts are drawn) then skip them.
_WARM_UP = "import gc\nimport analysis.report_sections\ngc.freeze()"


_SOCKET_FOLDER_PREFIX = "bkbk-kernel-"
_OWNER_LOCK = "owner.lock"  # locked by the worker that uses the folder, for as long as it lives


def _socket_folder() -> tuple[Path, int]:
    """A new folder for a kernel's sockets that only the user can open (``mkdtemp`` makes it
    0700), in /tmp when the temporary folder's path is too long for a socket's, and the open
    file of its owner lock, already locked."""
    folder = Path(tempfile.mkdtemp(prefix=_SOCKET_FOLDER_PREFIX))
    if len(str(folder / "kernel-99")) > zmq.IPC_PATH_MAX_LEN:
        folder.rmdir()
        folder = Path(tempfile.mkdtemp(prefix=_SOCKET_FOLDER_PREFIX, dir="/tmp"))
    # Locked before it gets its name, so that no sweep ever sees it unlocked.
    lock, name = tempfile.mkstemp(dir=folder)
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.replace(name, folder / _OWNER_LOCK)
    return folder, lock


def remove_abandoned_socket_folders() -> list[Path]:
    """Remove the socket folders of this user's kernels whose worker has died (killed, or
    lost by a cluster): nobody holds their owner lock any more. The folders removed."""
    removed = []
    for parent in {Path(tempfile.gettempdir()), Path("/tmp")}:
        for folder in parent.glob(_SOCKET_FOLDER_PREFIX + "*"):
            try:
                lock = os.open(folder / _OWNER_LOCK, os.O_RDONLY)
            except OSError:  # another user's folder, or one being removed
                continue
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # its worker is alive
                continue
            else:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
            finally:
                os.close(lock)
    return removed


class WarmKernel:
    """The worker's kernel and one connected client, reused from one report notebook to the
    next (a new client waits 0.2 s for the kernel's output channel to fall quiet). The client
    belongs to the thread that connected it, as its event loop does: a report on another
    thread (a cluster worker's) connects a client of its own."""

    def __init__(self) -> None:
        self.manager = None
        self.client = None
        self.thread: int | None = None
        self.cwd: Path | None = None
        self.sockets: Path | None = None
        self._sockets_lock: int | None = None

    async def connected_client(self):
        """The client of this thread, connected and ready."""
        if self.client is not None and self.thread == threading.get_ident():
            return self.client
        if self.client is not None:
            self.client.stop_channels()
        self.client = self.manager.client()
        self.client.start_channels()
        await self.client.wait_for_ready(timeout=60)
        self.client.allow_stdin = False
        self.thread = threading.get_ident()
        return self.client

    async def run(self, code: str) -> bool:
        """Execute ``code`` silently on this thread's client; True when it ran without error."""
        client = await self.connected_client()
        sent = client.execute(code, silent=True, store_history=False)
        while True:
            reply = await client.get_shell_msg(timeout=120)
            if reply["parent_header"].get("msg_id") == sent:
                return reply["content"]["status"] == "ok"

    def start(self, cwd: Path) -> WarmKernel:
        """The running kernel, started in ``cwd`` (with the report modules imported) when
        there is none or it was started elsewhere."""
        from jupyter_client.manager import AsyncKernelManager

        if self.manager is not None and self.cwd == cwd and run_sync(self.manager.is_alive)():
            return self
        self.discard()
        remove_abandoned_socket_folders()
        self.sockets, self._sockets_lock = _socket_folder()
        self.manager = AsyncKernelManager(kernel_name="python3", transport="ipc",
                                          ip=str(self.sockets / "kernel"))
        run_sync(self.manager.start_kernel)(cwd=str(cwd))
        self.cwd = cwd
        run_sync(self.run)(_WARM_UP)
        return self

    def discard(self) -> None:
        """Shut the kernel down (after a failure, or when the worker exits)."""
        if self.client is not None:
            self.client.stop_channels()
        if self.manager is not None:
            run_sync(self.manager.shutdown_kernel)(now=True)
        if self.sockets is not None:
            shutil.rmtree(self.sockets, ignore_errors=True)
            os.close(self._sockets_lock)
        self.manager = self.client = self.thread = self.cwd = self.sockets = None
        self._sockets_lock = None


class _WarmKernelClient(PapermillNotebookClient):
    """Papermill's notebook client on the worker's connected kernel client, which first
    resets the kernel's namespace (on the event loop that runs the notebook's cells)."""

    async def async_start_new_kernel_client(self):
        self.kc = await KERNEL.connected_client()
        if not await KERNEL.run(_FRESH_NAMESPACE):
            raise RuntimeError("the report kernel could not be reset for the next notebook")
        return self.kc

    start_new_kernel_client = run_sync(async_start_new_kernel_client)


class WarmKernelEngine(NBClientEngine):
    """Papermill's nbclient engine, executing on the worker's warm kernel."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                 stderr_file=None, start_timeout=60, execution_timeout=None,
                                 **kwargs):
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        client = _WarmKernelClient(nb_man, timeout=execution_timeout,
                                   startup_timeout=start_timeout, kernel_name=kernel_name,
                                   log=logger, log_output=log_output, stdout_file=stdout_file,
                                   stderr_file=stderr_file, **kwargs)
        return client.execute()


WARM_ENGINE = "bkbk-warm-kernel"
papermill_engines.register(WARM_ENGINE, WarmKernelEngine)


KERNEL = WarmKernel()

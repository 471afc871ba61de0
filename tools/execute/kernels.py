"""Kernels: each on sockets of its own, one started early (warm), kept between notebooks (a pool), killed at once on Ctrl-C."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import Any


class _Kernels:
    """The kernel processes now running, so that an interrupted build can stop them at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._managers: set[Any] = set()
        self.stopping = False

    def add(self, manager: Any) -> None:
        with self._lock:
            self._managers.add(manager)

    def discard(self, manager: Any) -> None:
        with self._lock:
            self._managers.discard(manager)

    def kill_all(self) -> None:
        """Kill every running kernel process (SIGKILL); their notebooks then fail at once."""
        self.stopping = True
        with self._lock:
            managers = list(self._managers)
        for manager in managers:
            process = getattr(getattr(manager, "provisioner", None), "process", None)
            if process is not None:
                with contextlib.suppress(OSError):
                    os.kill(process.pid, signal.SIGKILL)


KERNELS = _Kernels()


#: Where each kernel's IPC sockets live; short, because a socket path is limited to about 100 bytes.
IPC_ROOT = Path("/tmp") if os.access("/tmp", os.W_OK) else Path(tempfile.gettempdir())


def ipc_kernel_manager() -> type[Any]:
    """A kernel manager whose kernel talks over Unix sockets in a folder of its own.

    TCP kernels pick free ports and bind them later, so kernels starting together can pick
    the same port (``ZMQError: Address already in use``); sockets in a private folder never
    collide. Each manager also registers its kernel in :data:`KERNELS`.
    """
    from jupyter_client.manager import AsyncKernelManager

    class IpcKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.client_factory = ready_client_class()
            self.transport = "ipc"
            self._ipc_dir = tempfile.mkdtemp(prefix="jbk-", dir=IPC_ROOT)
            self.ip = str(Path(self._ipc_dir) / "k")

        async def _async_start_kernel(self, **kwargs: Any) -> None:
            if KERNELS.stopping:
                raise KeyboardInterrupt
            KERNELS.add(self)
            await super()._async_start_kernel(**kwargs)

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            await super()._async_cleanup_resources(restart=restart)
            if not restart:
                KERNELS.discard(self)
                shutil.rmtree(self._ipc_dir, ignore_errors=True)

        start_kernel = _async_start_kernel
        cleanup_resources = _async_cleanup_resources

    return IpcKernelManager


@functools.cache
def ready_client_class() -> type[Any]:
    """jupyter_client's asynchronous client, told when its kernel is ready without waiting a fifth of a second idle.

    jupyter_client's ``wait_for_ready`` ends by draining the IOPub channel until it stays
    empty for 0.2 s; nbclient calls it before each notebook and the pool before clearing a
    kernel, 0.4 s a notebook with nothing to do. This one sends ``kernel_info`` and waits for
    its reply on the shell channel and for the kernel's ``idle`` status of that very request
    on IOPub: the status proves IOPub is subscribed (a cell's outputs cannot be lost), and
    it is the last message that request causes. Without it (IOPub not yet connected), it asks
    again, as jupyter_client does. Older IOPub messages are read and dropped on the way;
    nbclient keeps only those whose parent is a cell it executes.

    It starts no heartbeat channel (see ``start_channels``).
    """
    from queue import Empty

    from jupyter_client.asynchronous.client import AsyncKernelClient

    class ReadyClient(AsyncKernelClient):
        async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
            deadline = time.monotonic() + (timeout if timeout is not None else float("inf"))
            while True:
                request = self.kernel_info()
                reply = await _reply_to(self.shell_channel, request, deadline)
                if reply is not None and await _idle_after(self.iopub_channel, request):
                    self._handle_kernel_info_reply(reply)
                    return
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")

        wait_for_ready = _async_wait_for_ready

        def start_channels(
            self, shell: bool = True, iopub: bool = True, stdin: bool = True, hb: bool = True, control: bool = True
        ) -> None:
            # Never the heartbeat: this client's manager answers ``is_alive``, and jupyter_client's
            # HBChannel, stopped before its thread has run, sets itself running again and opens a
            # socket a loop until none is left ("ZMQError: Too many open files", a second lost).
            super().start_channels(shell=shell, iopub=iopub, stdin=stdin, hb=False, control=control)

    async def _reply_to(channel: Any, request: str, deadline: float) -> Any:
        while time.monotonic() < deadline:
            try:
                msg = await channel.get_msg(timeout=1)
            except Empty:
                return None
            if msg.get("parent_header", {}).get("msg_id") == request:
                return msg
        return None

    async def _idle_after(channel: Any, request: str) -> bool:
        while True:
            try:
                msg = await channel.get_msg(timeout=0.5)
            except Empty:
                return False  # IOPub was not subscribed when the kernel answered: ask again
            parent = msg.get("parent_header", {}).get("msg_id")
            if parent == request and msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle":
                return True

    return ReadyClient


KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]  # quiet on the build's stderr, shutdown included


#: The papermill engine the build registers (:func:`papermill_engine`).
ENGINE = "saves-when-done"


def papermill_engine() -> str:
    """Register (once) papermill's own nbclient engine, writing the notebook when it is done and not at every cell.

    Papermill writes the whole notebook at the start and the end of every cell (about 0.4 s a
    chapter here). It needs no file to record where a run stopped: the cell being run is
    marked in memory, and the engine writes the notebook once in a ``finally``, a kernel that
    died included; only the death of this process itself loses it, and then nothing is
    reported anyway.
    """
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    class WritesWhenDone(NotebookExecutionManager):  # type: ignore[misc]
        def save(self, **kwargs: Any) -> None:
            if getattr(self, "done", False):
                super().save(**kwargs)

        def notebook_complete(self, **kwargs: Any) -> None:
            self.done = True
            super().notebook_complete(**kwargs)

    class ClosingClient(PapermillNotebookClient):  # type: ignore[misc]
        """nbclient leaves the client of a kernel it was given open; a kernel kept for the next notebook needs it closed."""

        def execute(self, **kwargs: Any) -> Any:
            try:
                return super().execute(**kwargs)
            finally:
                client: Any = getattr(self, "kc", None)
                if not self.owns_km and client is not None:
                    client.stop_channels()
                    self.kc = None

    class Engine(NBClientEngine):  # type: ignore[misc]
        @classmethod
        def execute_managed_notebook(
            cls, nb_man: Any, kernel_name: str, start_timeout: int = 60, execution_timeout: Any = None, **kwargs: Any
        ) -> Any:
            # papermill's own, with the client above
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(
                kwargs, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name, log=logger
            )
            return ClosingClient(nb_man, **final).execute()

        @classmethod
        def execute_notebook(cls, nb: Any, kernel_name: str, output_path: Any = None, **kwargs: Any) -> Any:
            nb_man = WritesWhenDone(
                nb,
                output_path=output_path,
                progress_bar=kwargs.pop("progress_bar", False),
                log_output=kwargs.get("log_output", False),
                autosave_cell_every=kwargs.pop("autosave_cell_every", 0),
            )
            nb_man.notebook_start()
            try:
                cls.execute_managed_notebook(nb_man, kernel_name, **kwargs)
            finally:
                nb_man.cleanup_pbar()
                nb_man.notebook_complete()
            return nb_man.nb

    if ENGINE not in papermill_engines._engines:
        papermill_engines.register(ENGINE, Engine)
    return ENGINE


class WarmKernel:
    """One kernel started before the build knows whether it needs one: the first notebook skips the kernel's start.

    The build starts it first thing, in a thread of its own, while it reads the parameters,
    checks its inputs and computes the cache keys (most of a second); the first notebook to
    run then takes it, and it joins the build's :class:`KernelPool`. Unused, it is killed as
    soon as the build knows.
    """

    def __init__(self, root: Path) -> None:
        kernel_environment(root)
        # Imported here, before the thread: a thread importing jupyter_client while the build's own thread imports it
        # too can find a module half initialised ("cannot import name ... (most likely due to a circular import)",
        # seen once in a test's build on a fresh clone).
        import_execution_stack()
        self._root = root
        self._manager: Any = None
        self._thread = threading.Thread(target=self._start, name="warm-kernel", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        import asyncio

        with contextlib.suppress(BaseException):  # no warm kernel: the notebook starts its own, as without one
            manager = ipc_kernel_manager()(kernel_name="python3")
            asyncio.run(manager.start_kernel(extra_arguments=KERNEL_ARGUMENTS, cwd=str(self._root)))
            self._manager = manager

    def take(self) -> Any:
        """The started kernel's manager (once; None after that, or if it could not start)."""
        self._thread.join()
        manager, self._manager = self._manager, None
        return manager

    def discard(self) -> None:
        """Shut the kernel down if no notebook took it."""
        shut_down(self.take())


def shut_down(manager: Any) -> None:
    """Stop a kernel this build started itself (papermill leaves a kernel it was given running)."""
    if manager is None:
        return
    import asyncio

    with contextlib.suppress(BaseException):
        asyncio.run(manager.shutdown_kernel(now=True))


#: Run in a kernel between two notebooks: an empty namespace, the tree's root as working folder, warnings shown
#: again, and the prompt counter back at 1, so a notebook's outputs are those of a fresh kernel. The namespace is
#: cleared as ``%reset -f`` clears it; then the previous notebook's garbage is collected and what survives (the
#: modules, pandas and altair among them) is frozen (``gc.freeze``): the collector's full passes during the next
#: notebook scan only what that notebook makes, not every object of every module (a full pass over them all is a
#: tenth of a second, and a notebook made several).
RESET_CODE = """\
get_ipython().reset(new_session=False)
exec("import gc, os, warnings\\nos.chdir({root!r})\\nwarnings.onceregistry.clear()\\nwarnings._filters_mutated()\\n"
     "gc.collect()\\ngc.freeze()", {{}})
get_ipython().history_manager.reset(new_session=True)
get_ipython().execution_count = 1
"""


class KernelPool:
    """Kernels kept for the notebooks of one build: each notebook runs in a cleared kernel whose imports are done.

    A fresh kernel spends about two seconds importing numpy, pandas, altair and the model
    before its first cell does any work; a build of nine notebooks paid that nine times. A
    kernel whose notebook succeeded is cleared (:data:`RESET_CODE`: an empty namespace, the
    working folder, warnings and the prompt counter reset) and runs the next notebook; a
    kernel whose notebook failed, or that cannot be cleared, is shut down. The modules a
    kernel imported stay imported, with their caches: every notebook of a build reads the
    same code and data, and the cache key of each executed notebook covers both.
    """

    def __init__(self, root: Path, warm: WarmKernel | None = None) -> None:
        self._root = root
        self._lock = threading.Lock()
        self._idle: list[Any] = []
        first = warm.take() if warm is not None else None
        if first is not None:
            self._idle.append(first)

    def take(self) -> Any:
        """An idle kernel, or a new one (None when it cannot start: papermill then starts its own)."""
        if KERNELS.stopping:  # Ctrl-C: the notebooks still queued end at once
            raise KeyboardInterrupt
        with self._lock:
            if self._idle:
                return self._idle.pop()
        import asyncio

        manager = ipc_kernel_manager()(kernel_name="python3")
        try:
            asyncio.run(manager.start_kernel(extra_arguments=KERNEL_ARGUMENTS, cwd=str(self._root)))
        except Exception:
            shut_down(manager)
            return None
        if KERNELS.stopping:  # Ctrl-C while it started: kill_all may not have seen its process yet
            shut_down(manager)
            raise KeyboardInterrupt
        return manager

    def give_back(self, manager: Any, reusable: bool) -> None:
        """Clear a kernel for the next notebook, or shut it down when its notebook failed or it cannot be cleared."""
        if manager is None:
            return
        if reusable and not KERNELS.stopping and self._clear(manager):
            with self._lock:
                self._idle.append(manager)
            return
        shut_down(manager)

    def _clear(self, manager: Any) -> bool:
        import asyncio

        async def clear() -> bool:
            client = manager.client()
            client.start_channels()
            try:
                await client.wait_for_ready(timeout=30)
                reply = asyncio.ensure_future(
                    client.execute_interactive(
                        RESET_CODE.format(root=str(self._root)), store_history=False, timeout=30, output_hook=lambda msg: None
                    )
                )
                while not reply.done():  # a kernel killed by Ctrl-C never replies: give up at once, not after the timeout
                    if KERNELS.stopping:
                        reply.cancel()
                        return False
                    await asyncio.sleep(0.05)
                return bool(reply.result()["content"]["status"] == "ok")
            finally:
                client.stop_channels()

        try:
            return asyncio.run(clear())
        except Exception:
            return False

    def close(self) -> None:
        """Shut every idle kernel down."""
        with self._lock:
            idle, self._idle = self._idle, []
        for manager in idle:
            shut_down(manager)


def python_path_with(root: Path) -> str:
    """PYTHONPATH with ``root`` first, so child processes import the tree being built, not an installed copy."""
    path = os.environ.get("PYTHONPATH", "")
    if str(root) in path.split(os.pathsep):
        return path
    return os.pathsep.join(filter(None, [str(root), path]))


def kernel_environment(root: Path) -> None:
    """Make the kernels papermill starts import the model of the tree being built, not an installed one."""
    os.environ["PYTHONPATH"] = python_path_with(root)
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    os.environ["PYTHONHASHSEED"] = "0"


def import_execution_stack() -> None:
    """Import what the worker threads use, in this thread, so no two threads ever import the same modules at once."""
    import jupyter_client.asynchronous
    import jupyter_client.blocking
    import jupyter_client.manager
    import jupyter_client.provisioning.local_provisioner  # noqa: F401
    import nbclient  # noqa: F401
    import papermill.engines  # noqa: F401

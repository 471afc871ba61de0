"""The warm kernel: started, and its imports done, while the build reads and checks what it is given."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

from tools.execute.kernels import (
    KERNEL_ARGUMENTS,
    RESET_CODE,
    import_execution_stack,
    ipc_kernel_manager,
    kernel_environment,
    run_quietly,
    shut_down,
)

#: Run in the warm kernel before its first notebook: the modules the book's notebooks import (their imports take
#: about a second), each on its own so that one that fails is left to fail in its notebook, then a clear namespace.
PRELOAD_CODE = """\
import importlib
for _name in {modules!r}:
    try:
        importlib.import_module(_name)
    except Exception:
        pass
"""


def preloaded_modules(root: Path) -> list[str]:
    """The project's modules that the book's notebooks import (with what they import), in a stable order."""
    from tools.notebooks import read_notebook, toc_notebooks

    return sorted({module for path in toc_notebooks(root) for module in read_notebook(path).modules})


class WarmKernel:
    """One kernel started before the build knows whether it needs one: the first notebook skips the kernel's start.

    The build starts it first thing, in a thread of its own, while it reads the parameters,
    checks its inputs and computes the cache keys (most of a second); the kernel imports the
    modules the notebooks import meanwhile and is cleared (:data:`PRELOAD_CODE`, then
    :data:`RESET_CODE`), as a kernel of the pool is after a notebook. The first notebook to
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
            # its imports done too, and then cleared as a kept kernel is between two notebooks (KernelPool)
            code = PRELOAD_CODE.format(modules=preloaded_modules(self._root)) + RESET_CODE.format(root=str(self._root))
            if not run_quietly(manager, code):
                shut_down(manager)
                return
            self._manager = manager

    def take(self) -> Any:
        """The started kernel's manager (once; None after that, or if it could not start)."""
        self._thread.join()
        manager, self._manager = self._manager, None
        return manager

    def discard(self) -> None:
        """Shut the kernel down if no notebook took it."""
        shut_down(self.take())

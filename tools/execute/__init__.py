"""Run notebooks with papermill, in parallel, with a progress display and clear failures.

Notebooks run through papermill's API in worker threads. Each worker keeps its kernel for the
next notebook, cleared to an empty namespace (:class:`KernelPool`), so the imports are paid once
per worker and not once per notebook.
Results are written to the cache only when the whole notebook succeeded; a failed run leaves
its partial notebook under ``_build/failed/`` and is reported with the failing cell and the
parameters.
"""

from tools.execute.jobs import Job, Outcome, _added_by_papermill, _cell_order, failing_cell
from tools.execute.kernels import (
    ENGINE,
    IPC_ROOT,
    KERNEL_ARGUMENTS,
    KERNELS,
    RESET_CODE,
    KernelPool,
    WarmKernel,
    _Kernels,
    import_execution_stack,
    ipc_kernel_manager,
    kernel_environment,
    papermill_engine,
    python_path_with,
    shut_down,
)
from tools.execute.run import run_all, run_one, run_pooled

__all__ = [
    "ENGINE",
    "IPC_ROOT",
    "KERNELS",
    "KERNEL_ARGUMENTS",
    "RESET_CODE",
    "Job",
    "KernelPool",
    "Outcome",
    "WarmKernel",
    "_Kernels",
    "_added_by_papermill",
    "_cell_order",
    "failing_cell",
    "import_execution_stack",
    "ipc_kernel_manager",
    "kernel_environment",
    "papermill_engine",
    "python_path_with",
    "run_all",
    "run_one",
    "run_pooled",
    "shut_down",
]

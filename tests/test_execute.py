"""Kernels kept between notebooks (tools.execute.KernelPool): each notebook still sees a fresh kernel."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tools.execute import Job, KernelPool, kernel_environment, run_pooled

pytestmark = pytest.mark.book


def notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 0", metadata={"tags": ["parameters"]}), *map(nbformat.v4.new_code_cell, sources)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_a_kept_kernel_runs_the_next_notebook_in_a_clean_namespace(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    kernel_environment(root)
    first = notebook(
        tmp_path / "a.ipynb",
        "import os\nleak = 1\nos.chdir('/')",
        "import warnings\nwarnings.warn('once more', UserWarning)",
        "print(os.getpid())",
    )
    second = notebook(
        tmp_path / "b.ipynb",
        "import os\nprint('leak' in globals(), os.getcwd())",
        "import warnings\nwarnings.warn('once more', UserWarning)",
        "print(os.getpid())",
    )
    pool = KernelPool(root)
    try:
        outcomes = [
            run_pooled(Job(p.stem, p, tmp_path / "out" / p.name, {}, {}), tmp_path, tmp_path / "failed", 60, pool)
            for p in (first, second)
        ]
    finally:
        pool.close()
    assert [o.ok for o in outcomes] == [True, True], [o.message for o in outcomes]
    a, b = (nbformat.read(tmp_path / "out" / p.name, as_version=4) for p in (first, second))
    assert [c.execution_count for c in b.cells] == [1, 2, 3, 4]  # counted as in a fresh kernel
    assert b.cells[1].outputs[0]["text"] == f"False {root}\n"  # nothing of the first notebook is left
    assert any("once more" in o.get("text", "") for o in b.cells[2].outputs)  # its warning is shown again
    assert any("once more" in o.get("text", "") for o in a.cells[2].outputs)
    assert a.cells[3].outputs[0]["text"] == b.cells[3].outputs[0]["text"]  # one kernel ran both: the pool kept it


def test_ctrl_c_while_a_kept_kernel_is_cleared_ends_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # a kernel killed by Ctrl-C while it was being cleared never replies; the build once waited for the timeout
    import threading
    import time

    from tools import execute

    root = Path(__file__).resolve().parents[1]
    kernel_environment(root)
    # the module that clears kernels reads its own global (patching the package's re-export changed nothing: this
    # test passed in 0.6 s, the kernel cleared before Ctrl-C came; seen failing with the bounds below)
    monkeypatch.setattr(execute.kernels, "RESET_CODE", "import time\ntime.sleep(20)  # {root}")
    pool = KernelPool(root)
    manager = pool.take()
    assert manager is not None
    ctrl_c = threading.Timer(1.0, execute.KERNELS.kill_all)
    ctrl_c.start()
    start = time.monotonic()
    try:
        pool.give_back(manager, reusable=True)
        elapsed = time.monotonic() - start
        assert 1.0 <= elapsed < 5  # it was still clearing the kernel when Ctrl-C came, and ended at once
    finally:
        ctrl_c.cancel()
        ctrl_c.join()  # a Ctrl-C still to come would stop the next test's kernels
        execute.KERNELS.stopping = False
        pool.close()
        execute.shut_down(manager)


def test_a_client_stopped_at_once_leaves_no_thread_opening_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    # jupyter_client's heartbeat thread, stopped before it ran, opened sockets in a loop until none was left:
    # "ZMQError: Too many open files" in a thread, one CI run failed by it (seen in about 1 of 5 such pairs here)
    import threading

    root = Path(__file__).resolve().parents[1]
    kernel_environment(root)
    errors: list[str] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: errors.append(repr(args.exc_value)))
    pool = KernelPool(root)
    manager = pool.take()
    assert manager is not None
    try:
        for _ in range(40):
            client = manager.client()
            client.start_channels()
            client.stop_channels()
    finally:
        pool.give_back(manager, reusable=False)
    assert errors == []

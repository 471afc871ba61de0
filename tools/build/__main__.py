"""``python -m tools.build``."""

from __future__ import annotations

import os
import signal
import sys

from tools.build.cli import _interrupt, _quiet_interrupts_in_finalizers, interrupted_message, main
from tools.build.common import COMMAND
from tools.execute import KERNELS

if __name__ == "__main__":
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    sys.unraisablehook = _quiet_interrupts_in_finalizers
    try:
        status = main()
    except KeyboardInterrupt:
        KERNELS.kill_all()
        print(f"{COMMAND[0]}: {interrupted_message()}", file=sys.stderr)
        status = 130
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything is written and the kernels are shut down: skip tearing down Sphinx's and
    # pandas' module state, which takes a few tenths of a second.
    os._exit(status)

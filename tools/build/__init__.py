"""Build the book: validate parameters, execute what changed, stage, run Jupyter Book, swap.

``python -m tools.build [--params my.yml]`` (what ``make book`` runs):

1. merge ``my.yml`` over ``data/params.yml`` and validate; a bad file stops here, before
   anything is written, with one line naming the parameter and what is allowed (exit 2);
2. take the checkout's build lock (:mod:`tools.lock`; a second build is refused with one
   line naming the holder) and remove what an interrupted build left behind;
3. execute, in parallel, only the notebooks whose cache key changed (see
   :mod:`tools.notebooks`) or whose cached copy fails its integrity check
   (:mod:`tools.cache`); each kernel talks over sockets of its own (no shared ports);
4. stage the book in ``_build/stage`` (files rewritten only when their content changed, so
   Sphinx's incremental build re-reads only what changed) and run
   ``jupyter-book build -W -n --keep-going`` there, with ``--all`` when a static file changed;
5. publish (:mod:`tools.publish`): copy, check every file against what was built, and swap
   atomically; a failure at any step leaves the previous ``_build/html`` as it was (exit 1).

Ctrl-C or SIGTERM kills the running kernels at once and exits 130 with one line.
``--update-committed`` writes the default-parameter outputs back into ``book/*.ipynb``.

``--scenarios DIR`` (what ``make scenarios`` runs) builds one more book per scenario file of
DIR (:mod:`model.scenarios`), published at ``_build/html/scenarios/<name>/`` (and its Chinese
edition, from the same executed notebooks, at ``_build/html/zh/scenarios/<name>/``) in the same
atomic step as the default book. The notebooks of every book run in one pool, and a notebook
whose parameters are the same in two books runs once (its cache key is the same); each
scenario keeps a Sphinx stage of its own (``_build/scenarios/<name>``) so that a rebuild is
incremental; a new one starts from what Sphinx read for the default book of its edition
(:mod:`tools.build.seed`: only its changed pages are read); and the scenarios' Sphinx builds
run in parallel processes. A scenario file that
fails validation is reported by name in one line; the others are built, and the exit status
is 2.
"""

# What other modules and the tests take from the build; the rest lives in its modules along the pipeline.
from tools.build.common import DIGEST_FILE, BuildError
from tools.build.inputs import check_inputs, copy_sources, sync_file
from tools.build.pipeline import build, jobs_to_run
from tools.build.products import executed_copy
from tools.build.publishing import prune_cache
from tools.build.sphinx import kill_workers, sphinx_stage, worker_pool
from tools.build.stage import stage_is_published
from tools.vega import VEGA_BUNDLE

__all__ = [
    "DIGEST_FILE",
    "VEGA_BUNDLE",
    "BuildError",
    "build",
    "check_inputs",
    "copy_sources",
    "executed_copy",
    "jobs_to_run",
    "kill_workers",
    "prune_cache",
    "sphinx_stage",
    "stage_is_published",
    "sync_file",
    "worker_pool",
]

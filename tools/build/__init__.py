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
incremental, and the scenarios' Sphinx builds run in parallel processes. A scenario file that
fails validation is reported by name in one line; the others are built, and the exit status
is 2.
"""

from tools.build.cli import arguments_problem, interrupted_message, main, os_error_line
from tools.build.common import (
    BUILD_INPUTS,
    CACHE_KEEP,
    COMMAND,
    DIGEST_FILE,
    EDITION,
    JUPYTER_BOOK_ARGS,
    OUTPUT_MANIFEST,
    PUBLISHED,
    PUBLISHED_MANIFEST,
    REPORTED_PACKAGES,
    SCENARIO_STAGES_KEEP,
    SPHINX_EXTENSIONS,
    SPHINX_RUNNING,
    STAGE_PUBLISHED,
    STATIC_DIGEST,
    STATIC_SOURCES,
    BuildError,
    book_folder,
    book_label,
    english_book,
    is_chinese,
)
from tools.build.inputs import check_book_config, check_file_names, check_inputs, copy_sources, static_digest, sync_file
from tools.build.pipeline import build, execute, jobs_to_run, update_committed
from tools.build.products import (
    comparison_pages,
    executed_copy,
    finish_vega_bundle,
    registry_downloads,
    start_vega_bundle,
    status_page,
    vega_bundle_path,
    version_lines,
)
from tools.build.publishing import (
    clean_interrupted,
    prune_cache,
    prune_scenario_stages,
    publish_books,
    published_books,
    published_intact,
)
from tools.build.sphinx import (
    import_jupyter_book,
    kill_workers,
    run_jupyter_book,
    sound_output,
    sphinx_all,
    sphinx_stage,
    worker_pool,
    write_landing_page,
)
from tools.build.stage import book_stages, mark_printable, stage_book, stage_books, stage_is_published, sync_stage
from tools.execute import KERNELS
from tools.vega import VEGA_BUNDLE

__all__ = [
    "BUILD_INPUTS",
    "CACHE_KEEP",
    "COMMAND",
    "DIGEST_FILE",
    "EDITION",
    "JUPYTER_BOOK_ARGS",
    "KERNELS",
    "OUTPUT_MANIFEST",
    "PUBLISHED",
    "PUBLISHED_MANIFEST",
    "REPORTED_PACKAGES",
    "SCENARIO_STAGES_KEEP",
    "SPHINX_EXTENSIONS",
    "SPHINX_RUNNING",
    "STAGE_PUBLISHED",
    "STATIC_DIGEST",
    "STATIC_SOURCES",
    "VEGA_BUNDLE",
    "BuildError",
    "arguments_problem",
    "book_folder",
    "book_label",
    "book_stages",
    "build",
    "check_book_config",
    "check_file_names",
    "check_inputs",
    "clean_interrupted",
    "comparison_pages",
    "copy_sources",
    "english_book",
    "execute",
    "executed_copy",
    "finish_vega_bundle",
    "import_jupyter_book",
    "interrupted_message",
    "is_chinese",
    "jobs_to_run",
    "kill_workers",
    "main",
    "mark_printable",
    "os_error_line",
    "prune_cache",
    "prune_scenario_stages",
    "publish_books",
    "published_books",
    "published_intact",
    "registry_downloads",
    "run_jupyter_book",
    "sound_output",
    "sphinx_all",
    "sphinx_stage",
    "stage_book",
    "stage_books",
    "stage_is_published",
    "start_vega_bundle",
    "static_digest",
    "status_page",
    "sync_file",
    "sync_stage",
    "update_committed",
    "vega_bundle_path",
    "version_lines",
    "worker_pool",
    "write_landing_page",
]

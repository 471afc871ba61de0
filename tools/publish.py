"""Publishing the built HTML so that a complete book is always in place, old or new.

The new book is copied next to the old one (``html.new``; a file whose content the new book
already holds, such as another book's copy of the same style sheet, is linked, not copied),
checked file by file against what the build produced, and then the two folders trade places
in one atomic step
(``renameat2`` with ``RENAME_EXCHANGE`` on Linux). At no instant is ``_build/html`` missing or
half-written; a build killed at any moment leaves either the old book or the new one, and
the next build removes ``html.new`` and ``html.old``.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from tools.digest import of_file

RENAME_EXCHANGE = 2
AT_FDCWD = -100


class PublishError(RuntimeError):
    """The new book could not be put in place; the old one still is."""


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def exchange(a: Path, b: Path) -> None:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``)."""
    libc = _libc()
    renameat2 = libc.renameat2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a))


def tree_digests(root: Path) -> dict[str, str]:
    """Relative path to SHA-256 for every file under ``root``."""
    return {str(p.relative_to(root)): of_file(p) for p in sorted(root.rglob("*")) if p.is_file()}


def remove_tree(path: Path) -> None:
    """Remove a folder even where a reader made parts of it read-only (write permission is restored first)."""

    def make_writable(func: Callable[..., object], name: str, _exc: object) -> None:
        parent = os.path.dirname(name)
        for place in (parent, name):
            with contextlib.suppress(OSError):
                os.chmod(place, 0o700 if os.path.isdir(place) else 0o600)
        with contextlib.suppress(OSError):
            if os.path.isdir(name) and not os.path.islink(name):
                shutil.rmtree(name, ignore_errors=True)
            else:
                os.unlink(name)

    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, onerror=make_writable)  # Python 3.11: onerror (onexc is 3.12)


def clean_leftovers(target: Path) -> list[Path]:
    """Remove ``html.new`` and ``html.old`` left by an interrupted build; return what was removed."""
    removed = []
    for leftover in sorted(target.parent.glob(f"{target.name}.new*")) + sorted(target.parent.glob(f"{target.name}.old*")):
        remove_tree(leftover)
        if not (leftover.exists() or leftover.is_symlink()):  # say only what is really gone
            removed.append(leftover)
    return removed


def _linking(tree: Path, digests: dict[str, str], published: dict[str, str], new: Path) -> Callable[[str, str], object]:
    """A copy function for ``shutil.copytree`` of ``tree`` into the new book that links, rather than copies, a file
    whose content is one already placed in the new book (``published``: relative path to digest).

    The books of one site share most of their files (styles, scripts, the Vega bundle, fonts):
    each scenario's book and each edition would otherwise add a copy of the same ten megabytes.
    The published folder is never written in place (a build replaces it whole), so files that
    share their content may share their storage. Where links cannot be made, the file is copied.
    """
    first: dict[str, Path] = {}
    for rel, digest in published.items():
        first.setdefault(digest, new / rel)

    def copy(src: str, dst: str) -> object:
        same = first.get(digests.get(os.path.relpath(src, tree), ""))
        if same is not None:
            try:
                os.link(same, dst)
                return dst
            except OSError:
                pass
        return shutil.copy2(src, dst)

    return copy


def publish(
    built: Path,
    target: Path,
    extra: dict[str, bytes],
    expected: dict[str, str] | None = None,
    trees: dict[str, Path] | None = None,
    *,
    digests: dict[Path, dict[str, str]] | None = None,
) -> None:
    """Put ``built`` (plus ``extra`` files) in place of ``target`` atomically, after checking the copy.

    Parameters
    ----------
    built : Path
        The folder Sphinx wrote.
    target : Path
        ``_build/html``.
    extra : dict
        Files to add to the new book (relative path to bytes), e.g. the build's digest.
    expected : dict, optional
        Relative path to SHA-256 of files that must be published exactly so (downloads, the
        Vega bundle): a mismatch fails the publication.
    trees : dict, optional
        More built folders to publish inside the new book (relative folder to the folder
        Sphinx wrote), e.g. each scenario's book under ``scenarios/<name>``; checked and
        swapped in with the rest, in the same atomic step.
    digests : dict, optional
        The digests of ``built`` and of the trees, by folder, as recorded when they were written
        (:func:`tree_digests`); a folder not given is read. The copy is checked against them.

    Raises
    ------
    PublishError
        With one line saying what failed; ``target`` is then unchanged.
    """
    new = target.with_name(f"{target.name}.new-{os.getpid()}")  # a leftover that cannot be removed never blocks
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    try:
        remove_tree(new)
        shutil.copytree(built, new)
        recorded = digests or {}
        source = dict(recorded.get(built) or tree_digests(built))  # a copy: the trees are added to it
        for rel_dir, tree in (trees or {}).items():
            of_tree = recorded.get(tree) or tree_digests(tree)
            shutil.copytree(tree, new / rel_dir, copy_function=_linking(tree, of_tree, source, new))
            source |= {f"{rel_dir}/{rel}": digest for rel, digest in of_tree.items()}
        for rel, content in extra.items():
            (new / rel).write_bytes(content)
        copied = tree_digests(new)
        wrong = sorted(rel for rel, digest in source.items() if copied.get(rel) != digest)
        for rel, digest in (expected or {}).items():
            if copied.get(rel) != digest:
                wrong.append(rel)
        if wrong:
            raise PublishError(f"the new book does not match what the build produced ({', '.join(wrong[:3])})")
        if target.exists():
            try:
                exchange(new, target)
            except OSError as exc:
                if exc.errno not in (errno.ENOSYS, errno.EINVAL):
                    raise
                os.replace(target, old)  # no RENAME_EXCHANGE here: two renames, the old book kept beside
                os.replace(new, target)
            remove_tree(new)
            remove_tree(old)
        else:
            os.replace(new, target)
    except PublishError:
        remove_tree(new)
        raise
    except shutil.Error as exc:  # copytree lists every file it could not copy: keep the message to one short line
        remove_tree(new)
        first = exc.args[0][0] if exc.args and isinstance(exc.args[0], list) and exc.args[0] else exc
        raise PublishError(f"cannot copy the new book next to {target}: {str(first)[:200]}") from exc
    except OSError as exc:
        remove_tree(new)
        reason = exc.strerror or str(exc)
        raise PublishError(f"cannot replace {target}: {reason[:200]}") from exc

"""One `orgaudit audit` session per answers file, by an advisory lock held for the whole session.

Two sessions on one file would each save their own answers over the other's. The lock is
`fcntl.flock` on `.NAME.lock` beside the answers file (not on the file itself: every save
replaces the file, and a lock on the replaced inode would guard nothing). The kernel drops the
lock when the process ends however it ends, so a killed session never blocks the next one; the
lock file holds the owner's process id only to name it in the refusal.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import OrgauditError
from .i18n import _


class SessionLockedError(OrgauditError):
    """Another session holds the answers file."""


def lock_path(path: str | os.PathLike[str]) -> Path:
    target = Path(path)
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def session_lock(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Hold the lock for `path` while the block runs; refuse at once if another process has it."""
    target = Path(path)
    where = lock_path(target)
    while True:
        fd = _open(where, target)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            owner = _owner(fd)
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise SessionLockedError(
                    _(
                        "another `orgaudit audit` session (process {pid}) is answering into "
                        "this file"
                    ).format(pid=owner)
                    if owner
                    else _("another `orgaudit audit` session is answering into this file"),
                    file=str(target),
                    hint=_("finish that session first; two sessions would overwrite each other"),
                ) from None
            raise OrgauditError(
                _("cannot lock the answers file: {reason}").format(reason=exc.strerror or exc),
                file=str(target),
                hint=_("check {file}").format(file=where),
            ) from exc
        # The previous holder may have removed the lock file between our open and our lock:
        # then we locked a file nobody else will see, and must start again on the current one.
        if _same_file(fd, where):
            break
        os.close(fd)
    try:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        yield where
    finally:
        # Remove it while still holding the lock, so nobody is left locking a removed file
        # without noticing (they check `_same_file` after locking).
        with contextlib.suppress(OSError):
            if _same_file(fd, where):
                os.unlink(where)
        os.close(fd)


def _open(where: Path, target: Path) -> int:
    try:
        return os.open(where, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except FileNotFoundError as exc:
        raise OrgauditError(
            _("cannot write here: no such folder"), file=str(target), hint=_("check the folder")
        ) from exc
    except OSError as exc:
        raise OrgauditError(
            _("cannot create the session lock {file}: {reason}").format(
                file=where.name, reason=exc.strerror or exc
            ),
            file=str(target),
            hint=_("check the folder"),
        ) from exc


def _same_file(fd: int, where: Path) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(where, follow_symlinks=False)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _owner(fd: int) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        return int(os.pread(fd, 32, 0).decode("ascii").strip())
    return None

"""The one way orgaudit writes a file: checked target, atomic replace, sensible mode.

Every output (reports, comparisons, templates, forms, the answers file) goes through `write_bytes`
or `write_text`, so that:

- an output that is one of the command's inputs (same device and inode) is refused, never
  replaced: `report acme.yaml -o acme.yaml` must not turn the answers into a PDF;
- only a regular file (or nothing) is replaced. A symlink is *followed and checked*: the file it
  points at is written and the link stays a link (a dangling link is refused, as it could point
  anywhere); a folder, device node, named pipe or socket is refused with what it is;
- the write is atomic: a temporary file in the same folder, flushed and fsynced, renamed over
  the target, then the folder fsynced. A crash leaves the old file or the new one, never half;
- a new file follows the umask (0666 & ~umask) like any tool's output; a file written over keeps
  its mode (an answers file kept 0600 stays 0600);
- a SIGTERM, SIGHUP or Ctrl-C while writing removes the temporary file before the process ends.

Every failure is an `OrgauditError` naming the file: one line and exit 2 in the CLI.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from .errors import OrgauditError
from .i18n import _

#: Temporary files are `.NAME.orgaudit-tmp-PID-RANDOM.tmp`: a name no user file is likely to
#: have, carrying the writer's process id so that only a dead writer's are removed later.
TEMP_MARKER = "orgaudit-tmp"

_live_temps: set[str] = set()


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words ("a named pipe"), in the reader's language."""
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a named pipe")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    if stat.S_ISCHR(mode):
        return _("a character device")
    if stat.S_ISBLK(mode):
        return _("a block device")
    if stat.S_ISLNK(mode):
        return _("a symbolic link")
    return _("not a regular file")


def resolve_target(path: str | os.PathLike[str]) -> Path:
    """The file a write to `path` will replace, checked: a regular file or nothing there yet.

    A trailing slash means a folder, never a file of that name.
    """
    name = os.fspath(path)
    if name.endswith(os.sep):
        raise OrgauditError(
            _("names a folder (it ends with '/'), not a file"), file=name, hint=_("name a file")
        )
    target = Path(name)
    try:
        link = os.lstat(target)
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise OrgauditError(_cannot_write(exc), file=name) from exc
    if stat.S_ISLNK(link.st_mode):
        real = Path(os.path.realpath(target))
        try:
            st = os.stat(real)
        except FileNotFoundError:
            raise OrgauditError(
                _("is a symbolic link to nothing"),
                file=name,
                hint=_("remove the link or name another file"),
            ) from None
        except OSError as exc:
            raise OrgauditError(_cannot_write(exc), file=name) from exc
        if not stat.S_ISREG(st.st_mode):
            raise OrgauditError(
                _("is a symbolic link to {kind}, not a file").format(kind=kind_of(st.st_mode)),
                file=name,
                hint=_("name a regular file"),
            )
        return real
    if not stat.S_ISREG(link.st_mode):
        raise OrgauditError(
            _("is {kind}, not a file").format(kind=kind_of(link.st_mode)),
            file=name,
            hint=_("name a regular file inside it")
            if stat.S_ISDIR(link.st_mode)
            else _("name a regular file"),
        )
    return target


def refuse_inputs(output: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]) -> None:
    """Refuse an output that is one of `inputs` (same device and inode, whatever the name)."""
    try:
        out = os.stat(output)
    except OSError:
        return  # nothing there yet: it cannot be an input
    for given in inputs:
        try:
            st = os.stat(given)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (out.st_dev, out.st_ino):
            raise OrgauditError(
                _("is also an input ({file}); writing it would destroy it").format(
                    file=os.fspath(given)
                ),
                file=os.fspath(output),
                hint=_("choose another output name"),
            )


def write_text(
    path: str | os.PathLike[str],
    text: str,
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    new_mode: int | None = None,
) -> Path:
    """`write_bytes` of UTF-8 text (newlines as given)."""
    return write_bytes(path, text.encode("utf-8"), inputs=inputs, new_mode=new_mode)


def write_bytes(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    new_mode: int | None = None,
) -> Path:
    """Replace `path` with `data` atomically; see the module docstring. Returns the file written
    (the link's target when `path` is a symbolic link). `new_mode` is a new file's mode instead
    of the umask's (a private answers file is 0600); a file written over keeps its own."""
    name = os.fspath(path)
    refuse_inputs(name, inputs)
    target = resolve_target(name)
    folder = target.parent
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~current_umask() if new_mode is None else new_mode
    except OSError as exc:
        raise OrgauditError(_cannot_write(exc), file=name) from exc
    with _cleanup_on_signals():
        try:
            fd, tmp_name = tempfile.mkstemp(
                prefix=f".{target.name}.{TEMP_MARKER}-{os.getpid()}-", suffix=".tmp", dir=folder
            )
        except OSError as exc:
            raise _write_error(exc, name, folder) from exc
        _live_temps.add(tmp_name)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fchmod(handle.fileno(), mode)
                os.fsync(handle.fileno())
            os.replace(tmp_name, target)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            if isinstance(exc, OSError):
                raise _write_error(exc, name, folder) from exc
            raise
        finally:
            _live_temps.discard(tmp_name)
    fsync_dir(folder)
    return target


def _cannot_write(exc: OSError) -> str:
    """ "cannot write: " and the system's reason (in the system's words)."""
    return _("cannot write: {reason}").format(reason=exc.strerror or exc)


def _write_error(exc: OSError, name: str, folder: Path) -> OrgauditError:
    if isinstance(exc, FileNotFoundError):
        return OrgauditError(
            _("cannot write: the folder {folder} does not exist").format(folder=folder),
            file=name,
            hint=_("create it first"),
        )
    if isinstance(exc, NotADirectoryError):
        return OrgauditError(
            _("cannot write: {folder} is not a folder").format(folder=folder), file=name
        )
    return OrgauditError(_cannot_write(exc), file=name, hint=_("nothing was changed"))


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` survive a power cut (best effort)."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def ensure_folder(path: str | os.PathLike[str]) -> Path:
    """Create the output folder `path` if needed; refuse it if it is something else."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OrgauditError(
            _("exists and is not a folder"),
            file=os.fspath(path),
            hint=_("name a folder for reports"),
        ) from None
    except OSError as exc:
        raise OrgauditError(
            _("cannot create the folder: {reason}").format(reason=exc.strerror or exc),
            file=os.fspath(path),
        ) from exc
    return folder


def current_umask() -> int:
    """The process umask, read without changing it where Linux lets us."""
    with (
        contextlib.suppress(OSError, ValueError),
        open("/proc/self/status", encoding="ascii") as status,
    ):
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_live_temps() -> None:
    """Delete the temporary files of writes in progress (from a signal handler)."""
    for name in list(_live_temps):
        with contextlib.suppress(OSError):
            os.unlink(name)
        _live_temps.discard(name)


@contextlib.contextmanager
def _cleanup_on_signals() -> Iterator[None]:
    """While writing, SIGTERM and SIGHUP remove our temporary file first, then do what they did
    before (a session's handler saving answers, or ending the process as usual)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {}

    def handler(signum: int, frame: FrameType | None) -> None:
        remove_live_temps()
        before = previous.get(signum)
        if before == signal.SIG_IGN:
            return
        if callable(before):
            before(signum, frame)
            return
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    for which in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError, OSError):
            previous[which] = signal.signal(which, handler)
    try:
        yield
    finally:
        for signum, before in previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(signum, before)

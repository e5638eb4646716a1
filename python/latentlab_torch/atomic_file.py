"""Whole-file writes that a crash cannot leave half done: temporary file, fsync, rename."""
import itertools
import os

_counter = itertools.count()


def write_atomic(path, data):
    # "<name>.tmp-PID[-N]" as LatentLab names its own: its stale-temp sweep then also removes
    # what a killed Python run left behind in a folder both write to.
    n = next(_counter)
    tmp = f"{path}.tmp-{os.getpid()}" + (f"-{n}" if n else "")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        # The data must be on disk before the rename makes it reachable under the real name.
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise
    os.close(fd)
    os.replace(tmp, path)
    # The rename itself lives in the folder: fsync it too, or a power cut may undo it.
    dfd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)

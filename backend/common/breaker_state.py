"""Where a circuit breaker keeps what it learned: in this process, or shared by a host's processes.

Each gunicorn worker used to learn on its own that Elasticsearch hangs: three
of its own requests waited the full timeout before its breaker opened, and each
worker sent its own half-open probe. A shared state is a small file mapped into
every worker's memory (mmap): a failure counted by one worker counts for all,
the breaker opens for all at once, and one probe, not every worker, pays the
timeout. Reading it costs a struct unpack (no system call), so the closed
breaker on every search stays free; changes are made under an flock.

A file, not Redis: the breaker must keep working when Redis hangs too, and its
state is about this host's view of the service. When the file cannot be made
(no writable directory), the breaker keeps its state in the process, as before.
"""
import fcntl
import hashlib
import logging
import mmap
import os
import struct
import threading
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

# consecutive failures, opened at, half-open trial started at (time.monotonic(): one clock for the host)
LAYOUT = struct.Struct("<qdd")
CLOSED_STATE = (0, 0.0, 0.0)


class LocalState:
    """This process's state: the breaker as it always was."""

    shared = False

    def __init__(self):
        self._lock = threading.Lock()
        self._values = CLOSED_STATE

    def read(self) -> tuple:
        return self._values

    def write(self, values: tuple) -> None:
        self._values = values

    @contextmanager
    def locked(self):
        with self._lock:
            yield


class FileState:
    """The state in `path`, mapped into memory; opened again after a fork (an flock held through
    a file inherited from the gunicorn master would not keep the workers apart)."""

    shared = True

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._open()

    def _open(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(descriptor).st_size < LAYOUT.size:
                os.ftruncate(descriptor, LAYOUT.size)  # zeros: closed
            self._map = mmap.mmap(descriptor, LAYOUT.size)
        except BaseException:
            os.close(descriptor)
            raise
        self._descriptor, self._pid = descriptor, os.getpid()

    def _mapped(self):
        if self._pid != os.getpid():
            self._open()
        return self._map

    def read(self) -> tuple:
        return LAYOUT.unpack_from(self._mapped())

    def write(self, values: tuple) -> None:
        LAYOUT.pack_into(self._mapped(), 0, *values)

    @contextmanager
    def locked(self):
        with self._lock:  # this process's threads; the flock keeps the other processes out
            self._mapped()
            fcntl.flock(self._descriptor, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._descriptor, fcntl.LOCK_UN)


def state_path(directory: str, name: str, identity: str) -> Path:
    """One file per breaker name and service identity (its address, and what else tells one
    deployment's service from another's on the same host)."""
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return Path(directory) / f"{name}-{digest}.state"


def make_state(directory: str | None, name: str, identity: str | None):
    """A shared state when a directory and an identity are given and the file can be made;
    otherwise (or on failure: logged) this process's own."""
    if not directory or identity is None:
        return LocalState()
    path = state_path(directory, name, identity)
    try:
        return FileState(path)
    except (OSError, ValueError) as error:
        logger.warning("breaker %s: cannot share its state in %s (%s); keeping it per process", name, path, error)
        return LocalState()

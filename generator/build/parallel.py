"""The one way Kopilka uses more cores: work split into shares, each share in a forked process.

`in_shares(work, shares)` runs `work(share)` for every share at once: the first in this process,
the others each in a child forked for it, whose result comes back pickled, in a file the pipe
names (`_in_file`). A fork shares the parent's memory (the records, the build graph) without
copying it, where a process pool would pickle it first. It serves validating a cold bank's files
(`corpus/records.py`), making pages (`build/pipeline.py`) and merging the search index's shards
(`search/pagefind_bundle.py`); `cores()` says how many shares are worth making.

Forking a threaded process (the preview server's) is safe as long as the child takes no lock
another thread held at the fork: the work only computes and writes a pipe and a file of its own
(named without `tempfile`'s lock), and every module it needs is imported before the fork. Should a
child still hang, its result is waited for no longer than its patience; it is ended and its share
is done in the parent.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import tempfile
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    """The cores this process may use (its CPU affinity, as `taskset` sets it), or `KOPILKA_JOBS`."""
    wanted = os.environ.get("KOPILKA_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def in_shares(work: Callable[[T], R], shares: Sequence[T], patience: float | None = None) -> list[R]:
    """`[work(share) for share in shares]`, the shares at once on as many processes (see the
    module). A child that fails makes the call fail with its traceback; one that sends nothing
    `patience` seconds after this process finished its own share is ended, and its share is done
    here."""
    if len(shares) < 2 or not hasattr(os, "fork"):
        return [work(share) for share in shares]
    children = [Forked(lambda s=share: work(s)) for share in shares[1:]]
    started = time.perf_counter()
    try:
        mine = work(shares[0])
    except BaseException:
        for child in children:
            child.kill()
            child.result(0)
        raise
    waited = None if patience is None else time.perf_counter() - started + patience
    results = [mine]
    for share, child in zip(shares[1:], children):
        status, value = child.result(waited)
        if status == "hung":
            value = work(share)
        elif status != "ok":
            raise RuntimeError(f"Kopilka: ошибка в параллельном процессе:\n{value}")
        results.append(value)
    return results


def split(items: Sequence[T], parts: int) -> list[Sequence[T]]:
    """`items` in `parts` contiguous shares of nearly equal size (fewer if there are few items)."""
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    found, start = [], 0
    for n in range(parts):
        end = start + size + (n < extra)
        found.append(items[start:end])
        start = end
    return found


class Forked:
    """`work()` running in a child process from the moment this object is made."""

    def __init__(self, work: Callable[[], object]) -> None:
        read, write = os.pipe()
        parent, folder = os.getpid(), tempfile.gettempdir()
        with warnings.catch_warnings():  # Python 3.12+ warns of any fork beside threads: see above
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:
            os.close(read)
            _die_with(parent)
            try:
                answer = ("ok", work())
            except BaseException:  # noqa: BLE001 - reported by the parent
                answer = ("error", traceback.format_exc())
            try:
                message = _in_file(answer, folder, parent)
                with os.fdopen(write, "wb") as pipe:
                    pickle.dump(message, pipe, protocol=pickle.HIGHEST_PROTOCOL)
            finally:
                os._exit(0)
        os.close(write)
        self.pid, self.read = pid, read
        self._lock = threading.Lock()  # no kill after the reaping: the pid may be another's
        self._reaped = False

    def result(self, patience: float | None = None) -> tuple[str, object]:
        """("ok", what `work` returned), ("error", its traceback) or ("hung", None) when the
        child sent nothing in `patience` seconds (None: wait as long as it takes) and was ended.
        Called once, by the one thread that waits for the child."""
        ready, _, _ = select.select([self.read], [], [], None if patience is None else max(0.0, patience))
        if not ready:
            self.kill()
            os.close(self.read)
            self._reap()
            return "hung", None
        with os.fdopen(self.read, "rb") as pipe:
            try:
                answer = pickle.load(pipe)
            except (EOFError, pickle.UnpicklingError):
                answer = ("error", "the child process ended without an answer")
        self._reap()  # before its answer is read from its file: the child's memory is free then
        return _from_file(answer)

    def kill(self) -> None:
        """End the child now (from any thread): the waiting `result` returns an error."""
        with self._lock:
            if not self._reaped:
                os.kill(self.pid, signal.SIGKILL)

    def _reap(self) -> None:
        with self._lock:  # the child has answered or been killed: this wait is short
            os.waitpid(self.pid, 0)
            self._reaped = True


def _in_file(answer: tuple, folder: str, parent: int) -> tuple:
    """A child's answer written to a file of its own, named in the message the pipe carries; the
    answer itself if it cannot be written (a full disk).

    Through the pipe, the parent read the answer while the child still held it: at 10,000
    practices a child's pages (1.2 GB) beside the parent's own and its copy of them, 3.5 GB of all
    processes at the end of the page stage. From a file, the parent reads it once the child has
    ended."""
    path = None
    try:  # named here, not by `tempfile`: a lock another thread held at the fork stays held
        path = os.path.join(folder, f"kopilka-share-{parent}-{os.getpid()}.pickle")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as stream:
            pickle.dump(answer, stream, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - the pipe carries the answer, or says it failed
        if path is not None:
            with contextlib.suppress(OSError):
                os.unlink(path)
        return answer
    return ("file", path)


def _from_file(message: tuple) -> tuple[str, object]:
    """The answer `_in_file` wrote, its file removed."""
    if message[0] != "file":
        return message
    try:
        with open(message[1], "rb") as stream:
            return pickle.load(stream)
    except (OSError, EOFError, pickle.UnpicklingError):
        return ("error", f"the child's answer could not be read from {message[1]}")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(message[1])


def _die_with(parent: int) -> None:
    """In the child: end when the parent ends (Linux), so that neither an interrupted build nor
    a stopped preview leaves a child working for nothing; a child's own child does the same."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)

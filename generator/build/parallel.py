"""A call made in a forked child process, its result pickled back through a pipe.

The build makes half of its pages on the second core this way (`pipeline._produce`), and a
preview completes a quick rebuild in the background (`pipeline.complete_in_background`). A
fork shares the parent's Site without copying it, where a process pool would pickle it first.

Forking a threaded process (the preview server's) is safe as long as the child takes no lock
another thread held at the fork: the work only renders templates and writes a pipe, and every
module it needs is imported before the fork. Should it still hang, `result` stops waiting
after its patience and ends the child.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import threading
import traceback
import warnings
from typing import Callable


class Forked:
    """`work()` running in a child process from the moment this object is made."""

    def __init__(self, work: Callable[[], object]) -> None:
        read, write = os.pipe()
        parent = os.getpid()
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
                with os.fdopen(write, "wb") as pipe:
                    pickle.dump(answer, pipe, protocol=pickle.HIGHEST_PROTOCOL)
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
        self._reap()
        return answer

    def kill(self) -> None:
        """End the child now (from any thread): the waiting `result` returns an error."""
        with self._lock:
            if not self._reaped:
                os.kill(self.pid, signal.SIGKILL)

    def _reap(self) -> None:
        with self._lock:  # the child has answered or been killed: this wait is short
            os.waitpid(self.pid, 0)
            self._reaped = True


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

"""Process-wide settings for a batch run over thousands of records."""

from __future__ import annotations

import errno
import os

import gc


def tune_gc() -> None:
    """Collect cyclic garbage less often during a build or check.

    Loading a bank creates millions of objects that live to the end (records, their positions,
    pages), and CPython's default (a collection every 700 allocations, full ones as the heap grows)
    spent a quarter of a cold `kopilka check` of 12,850 files walking them again and again.
    A larger first generation keeps collection (and the memory bound it gives) but runs it
    two orders of magnitude less often.
    """
    gc.set_threshold(100_000, 50, 100)


def freeze_heap() -> None:
    """After a preview's build: what is alive now (the graph, the records, MkDocs' files and
    pages: 3.5 million objects at 10,000 practices) is left out of every later collection.

    Each rebuild's collections walked them again: freezing after every build took a title
    edit's rebuild from 5.35 to 4.5 s, a text edit's from 2.06 to 1.9 s (`python -m
    benchmarks.rebuild`, medians of 3), and a full collection, which a rebuild would otherwise
    pay now and then, costs 2.9 s at that size. The price: cyclic garbage among frozen objects
    is not reclaimed, about 4,700 objects a rebuild (93,000 after 20 rebuilds), a few
    megabytes in a long session; everything else is freed by reference counting as before."""
    gc.freeze()


def process_alive(pid: int) -> bool:
    """Whether a process of that id runs: what a killed run left (named by its pid) may go."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


#: What the machine said, in words a teacher reads (the C library's messages are English).
_OS_REASONS = {errno.EACCES: "нет прав на запись или чтение", errno.EPERM: "действие не разрешено",
               errno.EROFS: "диск только для чтения", errno.ENOSPC: "на диске нет места",
               errno.ENOENT: "такой папки нет", errno.ENOTDIR: "в пути есть файл вместо папки",
               errno.EISDIR: "это папка, а не файл", errno.EDQUOT: "исчерпана квота диска",
               errno.EADDRINUSE: "адрес уже занят", errno.EADDRNOTAVAIL: "такого адреса у этого компьютера нет"}


def os_reason(error: OSError) -> str:
    """An OSError's reason in Russian (its English text for a rare one)."""
    return _OS_REASONS.get(error.errno, error.strerror or str(error))

"""Progress of long work: which stage runs and how far it is.

On a terminal one line is redrawn in place (`Проверка файлов: 5200/12300`) at most ten times a
second; in CI and when piped, each stage prints one plain line when it ends. Every stage is
timed: the benchmark reads `timings` (seconds by stage name).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from typing import Iterator, TextIO

from generator.text import count_ru


class Progress:
    """Silent by default: the library reports nothing unless a command asks for it."""

    def __init__(self, stream: TextIO | None = None, live: bool = False) -> None:
        self.stream = stream
        self.live = live
        self.timings: dict[str, float] = {}
        self._name = ""
        self._total = 0
        self._done = 0
        self._unit = ""
        self._drawn = 0.0

    @classmethod
    def for_terminal(cls, stream: TextIO = sys.stderr) -> "Progress":
        """Live on an interactive terminal; plain lines in CI (`CI` set), pipes and files."""
        live = stream.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"
        return cls(stream, live)

    def add_time(self, name: str, seconds: float) -> None:
        self.timings[name] = self.timings.get(name, 0.0) + seconds

    @contextlib.contextmanager
    def stage(self, name: str, total: int = 0, unit: tuple[str, str, str] | str = "",
              key: str | None = None) -> Iterator["Progress"]:
        """Time a stage (`timings[key or name]`); `advance()` moves the counter of `total` items.
        `unit`: the counted word's three forms (text.FILES), agreeing with the count at the end."""
        outer = self._name, self._total, self._done, self._unit
        self._name, self._total, self._done, self._unit = name, total, 0, unit
        started = time.perf_counter()
        self._draw(force=True)
        try:
            yield self
        finally:
            elapsed = time.perf_counter() - started
            self.add_time(key or name, elapsed)
            if self.stream is not None:
                count = f" {_counted(self._done or self._total, unit)}" if (self._total or self._done) else ""
                end = "\r\033[K" if self.live else ""
                self.stream.write(f"{end}{name}:{count} за {elapsed:.1f} с\n")
                self.stream.flush()
            if outer[0]:  # a stage inside another: the outer one goes on counting
                self._name, self._total, self._done, self._unit = outer

    def advance(self, count: int = 1) -> None:
        self._done += count
        self._draw()

    def _draw(self, force: bool = False) -> None:
        if not self.live or self.stream is None:
            return
        now = time.perf_counter()
        if not force and now - self._drawn < 0.1:
            return
        self._drawn = now
        counter = f" {self._done}/{self._total}" if self._total else (f" {self._done}" if self._done else "")
        unit = self._unit[2] if isinstance(self._unit, tuple) else self._unit  # «5/300 файлов»
        self.stream.write(f"\r\033[K{self._name}:{counter} {unit}".rstrip())
        self.stream.flush()

    def summary(self, text: str) -> None:
        """The one line that ends a command."""
        if self.stream is not None:
            self.stream.write(text + "\n")
            self.stream.flush()


def _counted(n: int, unit: tuple[str, str, str] | str) -> str:
    return count_ru(n, *unit) if isinstance(unit, tuple) else f"{n} {unit}".rstrip()

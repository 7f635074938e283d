"""CSV files the site publishes, safe to open in a spreadsheet.

Excel and LibreOffice run a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage
return before one) as a formula: a practice titled `=HYPERLINK("http://…")` would become a link
in the reviewer's spreadsheet. Such text cells get a leading apostrophe, which spreadsheets
show as nothing and which keeps the text as written (OWASP's advice); numbers stay numbers.
"""

from __future__ import annotations

import csv
from typing import Iterable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """A value as a CSV cell that no spreadsheet runs."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class Writer:
    """csv.writer whose text cells are neutralised (see `cell`)."""

    def __init__(self, stream, **options) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([cell(value) for value in row])

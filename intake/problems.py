"""What an import found wrong, row by row: each problem with its line and a German sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["fehler", "hinweis"]


@dataclass(frozen=True)
class Problem:
    """Something wrong in an imported file.

    Attributes
    ----------
    row
        Line number in a CSV file (the header is line 1), or the feature's
        number (from 1) in a GeoJSON file; 0 where no line applies.
    message
        German: what is wrong and how to fix it.
    severity
        ``"fehler"``: the row was not loaded; ``"hinweis"``: it was loaded,
        with the noted change.
    """

    row: int
    message: str
    severity: Severity = "fehler"


@dataclass
class ProblemLog:
    """The problems of one import, in the order they were found."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, row: int, message: str) -> None:
        """A row (or the file) that was not loaded."""
        self.problems.append(Problem(row, message, "fehler"))

    def note(self, row: int, message: str) -> None:
        """A change made while loading a row."""
        self.problems.append(Problem(row, message, "hinweis"))

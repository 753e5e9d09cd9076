"""The problems found in question-bank files, and the error that carries them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assessor.domain.kit_rules import ERROR, WARNING  # noqa: F401  (one pair of severities, the kit rules')


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one bank file, at a 1-based ``line`` and ``column``.

    ``severity`` is :data:`ERROR` (the file will not load) or
    :data:`WARNING` (style; the file loads).  ``str(problem)`` gives
    ``path:line:column: severity: message``, the form editors and CI logs
    turn into a link.  Problems sort by path, then position.
    """

    path: str
    line: int
    column: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        """True for an error (the file does not load), False for a warning."""
        return self.severity == ERROR


class BankError(Exception):
    """A bank file (or several) could not be loaded.

    ``problems`` lists every problem found, sorted by path and position;
    it is never empty.  ``str(error)`` gives one problem per line.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(set(problems))
        if not self.problems:
            raise ValueError("BankError needs at least one problem")
        super().__init__("\n".join(str(p) for p in self.problems))

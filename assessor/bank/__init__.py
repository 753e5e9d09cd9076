"""The question bank: interview kits read from YAML files.

``assessor.bank`` reads and checks bank files; it depends only on
:mod:`assessor.domain` (no Qt, no SQL).  Every problem in a file is
reported as a :class:`Problem` with its 1-based line and column, gathered
in a :class:`BankError`.  The file format is described in
``docs/question-bank.md``.

Public API::

    load_kit(path) -> InterviewKit                      # raises BankError
    validate_paths(paths) -> list[Problem]
    builtin_bank_dir() -> Path
    load_builtin_kits() -> dict[str, InterviewKit]      # raises BankError
    load_kits(folder) -> (dict[str, (InterviewKit, Path)], list[Problem])
"""

from .errors import BankError, Problem
from .loader import builtin_bank_dir, load_builtin_kits, load_kit, load_kits, validate_paths

__all__ = ["BankError", "Problem", "builtin_bank_dir", "load_builtin_kits", "load_kit", "load_kits",
           "validate_paths"]

"""The question bank: interview kits read from (and written to) YAML files.

``assessor.bank`` reads, checks and writes bank files; it depends only on
:mod:`assessor.domain` (no Qt, no SQL).  Every problem in a file is
reported as a :class:`Problem` with its 1-based line and column and its
severity (``error``: the file does not load; ``warning``: style), gathered
in a :class:`BankError`.  The file format is described in
``docs/question-bank.md``.

Public API::

    load_kit(path) -> InterviewKit                      # raises BankError
    check_file(path) -> (InterviewKit | None, [Problem])
    validate_paths(paths) -> [Problem]                  # errors only
    check_paths(paths) -> [Problem]                     # errors and warnings
    builtin_bank_dir() -> Path
    load_builtin_kits() -> {role_id: InterviewKit}      # raises BankError
    load_kits(folder) -> ({role_id: (InterviewKit, Path)}, [Problem])
    load_folders([folder, ...]) -> BankSet              # later folders win
    check_data(plain dict) -> (InterviewKit | None, [Finding])
    render(text, plain dict) -> str                     # round-trip save
    write_atomic(path, text)
    json_schema() / json_schema_text()
    new_bank_text(role_id, title) -> str
    file_version(plain dict) -> int | None / upgrade(plain dict) -> dict   # bank formats
"""

from assessor.domain.kit_rules import Finding, describe_loc, rated_questions

from .errors import ERROR, WARNING, BankError, Problem
from .loader import (
    BankSet, builtin_bank_dir, check_file, check_paths, load_builtin_kits, load_folders, load_kit, load_kits,
    validate_paths,
)
from .scaffold import new_bank_text
from .schema import SCHEMA_FILE, json_schema, json_schema_text
from .validation import check_data
from .versions import file_version, upgrade
from .writer import load_text, plain, render, write_atomic

__all__ = [
    "ERROR", "SCHEMA_FILE", "WARNING", "BankError", "BankSet", "Finding", "Problem", "builtin_bank_dir",
    "check_data", "check_file", "check_paths", "describe_loc", "json_schema", "json_schema_text", "load_builtin_kits",
    "load_folders", "load_kit", "load_kits", "load_text", "new_bank_text", "plain", "rated_questions", "render",
    "validate_paths", "file_version", "upgrade",
    "write_atomic",
]

"""Checking question-bank files, for the command line and the window."""

from __future__ import annotations

from pathlib import Path

from ..bank import Problem, builtin_bank_dir, validate_paths


def validate_banks(paths: list[Path] | None = None) -> tuple[list[Path], list[Problem]]:
    """Validate bank files or folders; with no paths, the built-in banks.

    Returns (the paths checked, every problem found, each printable as
    ``path:line:column: message``).  Never raises for a bad file.
    """
    checked = list(paths) if paths else [builtin_bank_dir()]
    return checked, validate_paths(checked)

"""Loading interview kits from question-bank YAML files and folders.

One file holds one :class:`~assessor.domain.InterviewKit`; its top-level
keys are the kit's fields (see ``docs/question-bank.md``).  The built-in
banks ship in the ``question_bank`` package; users and teams keep more in
folders of their own, loaded in order by :func:`load_folders` (a role id
found in a later folder overrides an earlier one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assessor.domain import InterviewKit
from assessor.package_data import package_data

from .cache import load_cached
from .errors import BankError, Problem
from .reading import read_yaml
from .validation import check_kit

BANK_SUFFIX = ".yaml"


def load_kit(path: Path) -> InterviewKit:
    """The interview kit in the YAML file at ``path``.

    Raises ``BankError`` listing every problem found, each with the 1-based
    line and column of the offending key or value: an unreadable or
    non-UTF-8 file, invalid YAML, a tag, a duplicate key, a top level that
    is not a mapping, an unknown, missing or mistyped field, an id used
    twice (at its second use), or scale points that do not run 1..N.
    """
    kit, _role_pos, _warnings = _load(Path(path))
    return kit


def check_file(path: Path) -> tuple[InterviewKit | None, list[Problem]]:
    """The kit at ``path`` (``None`` if it does not load) and every problem
    of the file, errors and warnings, sorted by position.  Never raises."""
    try:
        data = read_yaml(Path(path))
    except BankError as err:
        return None, err.problems
    kit, problems = check_kit(data, str(path))
    return kit, sorted(problems)


def validate_paths(paths: list[Path]) -> list[Problem]:
    """Every error of the bank files at ``paths``; empty when all load.

    A directory stands for all its ``*.yaml`` files.  A path that does not
    exist, and a role_id used by two of the files, are problems too.
    Never raises ``BankError``.  :func:`check_paths` adds the warnings.
    """
    return [p for p in check_paths(paths) if p.is_error]


def check_paths(paths: list[Path]) -> list[Problem]:
    """Every problem, errors and warnings, of the bank files at ``paths``
    (as :func:`validate_paths`), sorted by path and position."""
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for path in paths:
        path = Path(path)
        if not path.exists():
            problems.append(Problem(str(path), 1, 1, "no such file or folder"))
            continue
        for file in _bank_files(path):
            try:
                kit, role_pos, warnings = _load(file)
            except BankError as err:
                problems += err.problems
                continue
            problems += warnings
            clash = _role_clash(kit, file, role_pos, seen)
            if clash:
                problems.append(clash)
    return sorted(set(problems))


def builtin_bank_dir() -> Path:
    """The folder of the built-in banks (the ``assessor.question_bank`` package:
    the repository's ``question_bank/``, see :mod:`assessor.package_data`)."""
    resource = package_data("question_bank")
    return resource if isinstance(resource, Path) else Path(str(resource))


def load_builtin_kits() -> dict[str, InterviewKit]:
    """The built-in kits, ``{role_id: kit}``, in file-name order.

    Raises ``BankError`` with the problems of every broken built-in file
    (a broken built-in bank is a bug of the release, not of the user).
    """
    kits, problems = load_kits(builtin_bank_dir())
    if problems:
        raise BankError(problems)
    return {role_id: kit for role_id, (kit, _path) in kits.items()}


def load_kits(folder: Path) -> tuple[dict[str, tuple[InterviewKit, Path]], list[Problem]]:
    """The kits of the ``*.yaml`` files in ``folder``, and the problems of the rest.

    Returns ``({role_id: (kit, path)}, problems)``: every file that loads is
    in the mapping (the first of two files with the same role_id wins, the
    second is a problem); every file that does not is described by its
    problems.  A folder that does not exist holds no kits and no problems;
    ``folder`` may also be a single file.  Never raises ``BankError``.
    """
    folder = Path(folder)
    kits: dict[str, tuple[InterviewKit, Path]] = {}
    problems: list[Problem] = []
    if not folder.exists():
        return kits, problems
    seen: dict[str, Path] = {}
    for file in _bank_files(folder):
        try:
            kit, role_pos, _warnings = load_cached(file, _load)
        except BankError as err:
            problems += err.problems
            continue
        clash = _role_clash(kit, file, role_pos, seen)
        if clash:
            problems.append(clash)
        else:
            kits[kit.role_id] = (kit, file)
    return kits, sorted(problems)


def _bank_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.glob(f"*{BANK_SUFFIX}") if p.is_file())
    return [path]


def _load(path: Path) -> tuple[InterviewKit, tuple[int, int], list[Problem]]:
    """The kit at ``path``, the 1-based position of its role_id value, and
    the file's warnings.  Raises ``BankError`` with the file's errors."""
    data = read_yaml(path)
    kit, problems = check_kit(data, str(path))
    if kit is None:
        raise BankError([p for p in problems if p.is_error])
    line, col = data.lc.value("role_id")
    return kit, (line + 1, col + 1), sorted(problems)


@dataclass
class BankSet:
    """The kits of an ordered list of bank folders.

    ``kits`` and ``sources`` map a role id to its kit and the file it came
    from (the last folder that has the role wins); ``overridden`` maps a
    role id to the files it was also found in, earlier; ``problems`` holds
    the errors of every file that did not load (and of a role id used twice
    within one folder), sorted by path and position.
    """

    kits: dict[str, InterviewKit] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    overridden: dict[str, list[Path]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def failed_files(self) -> dict[str, list[Problem]]:
        """The problems by file, for the files that did not load."""
        out: dict[str, list[Problem]] = {}
        for problem in self.problems:
            out.setdefault(problem.path, []).append(problem)
        return out


def load_folders(folders: list[Path]) -> BankSet:
    """The kits of ``folders``, in order; a role id found in a later folder
    overrides an earlier one.  A folder (or file) that does not exist holds
    nothing.  A broken file never hides the others.  Never raises."""
    out = BankSet()
    for folder in folders:
        kits, problems = load_kits(Path(folder))
        out.problems += problems
        for role_id, (kit, path) in kits.items():
            if role_id in out.sources:
                out.overridden.setdefault(role_id, []).append(out.sources[role_id])
            out.kits[role_id] = kit
            out.sources[role_id] = path
    out.problems = sorted(set(out.problems))
    return out


def _role_clash(kit: InterviewKit, file: Path, role_pos: tuple[int, int],
                seen: dict[str, Path]) -> Problem | None:
    first = seen.setdefault(kit.role_id, file)
    if first == file:
        return None
    return Problem(str(file), *role_pos, f"role_id '{kit.role_id}' is already used by {first}")

"""Editing question banks: open a role as plain data, check it as it is
typed, save it (round trip, atomic, version bumped), duplicate, import and
export a role, and tell a draft interview that its bank changed.

The rules a save follows:

* every saved change bumps the bank's ``version`` (:func:`next_version`),
  unless the user changed the version themselves; saving unchanged data
  writes nothing;
* a role from the built-in banks (read-only, part of the installation) is
  saved as a copy in the user's bank folder, which overrides it; a role
  from the user's or a team folder is saved in place;
* the file is written only when the data has no error, and only if nobody
  changed it on disk since it was opened;
* the file keeps the comments, key order and layout of everything the user
  did not touch (see :mod:`assessor.bank.writer`), and moves to the current
  bank format (``schema_version``).

Submitted assessments keep the kit snapshot they were taken with (the store
keeps it); :func:`bank_changed` tells a draft that the bank changed since
it started.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..bank import (
    ERROR, Finding, builtin_bank_dir, check_data, check_file, describe_loc, file_version, load_text, plain,
    rated_questions, render, upgrade, write_atomic,
)
from ..domain import SCHEMA_VERSION, Assessment, InterviewKit
from ..store import StoreError
from .banks import load_banks, user_bank_dir
from .interview import Interview
from .workspace import AssessorError, Workspace


@dataclass(frozen=True)
class Issue:
    """A problem of unsaved bank data: ``loc`` is the path into the data
    (keys and 0-based indexes), ``where`` the same for people."""

    loc: tuple
    where: str
    severity: str
    message: str

    @property
    def is_error(self) -> bool:
        """True for an error (cannot be saved), False for a warning."""
        return self.severity == ERROR

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class RoleDocument:
    """A role's bank file opened for editing.

    ``text`` is the file as read (the base of the round trip and of the
    "changed on disk" check), ``data`` its plain data (the caller may edit
    it: :func:`save_role` compares with ``text``); ``read_only`` is true
    for a built-in bank (saving then writes a copy to the user's folder).
    """

    role_id: str
    path: Path
    text: str
    data: dict
    read_only: bool


def _is_builtin(path: Path) -> bool:
    try:
        return Path(path).resolve().parent == builtin_bank_dir().resolve()
    except OSError:
        return False


def open_role_file(path: Path) -> RoleDocument:
    """The bank file at ``path`` for editing.  Raises :class:`AssessorError`
    when it cannot be read or does not load (its first problems)."""
    path = Path(path)
    kit, problems = check_file(path)
    if kit is None:
        raise AssessorError("the bank does not load:\n" + "\n".join(str(p) for p in problems[:5]))
    text = _read(path)
    return RoleDocument(kit.role_id, path, text, plain(load_text(text)), _is_builtin(path))


def open_role(ws: Workspace, role_id: str) -> RoleDocument:
    """The bank file of ``role_id`` (as loaded into ``ws``) for editing."""
    path = ws.sources.get(role_id)
    if path is None:
        raise AssessorError(f"no bank file holds the role {role_id!r}")
    return open_role_file(path)


def check_role(data: dict) -> list[Issue]:
    """Every problem of unsaved bank ``data``, errors first.  Never raises."""
    _kit, findings = check_data(data)
    issues = [_issue(f) for f in findings]
    return sorted(issues, key=lambda i: (not i.is_error,))


def _issue(finding: Finding) -> Issue:
    return Issue(tuple(finding.loc), describe_loc(finding.loc), finding.severity, finding.message)


def renumber_anchors(data: dict, moved: dict[int, int], old_top: int, new_top: int) -> None:
    """Move every rated question's anchors with their scale points, after
    the points of ``data``'s scale were added, removed or reordered.

    ``moved`` maps each point that is still there from its old value to its
    new one (a new point is in none; a removed one is not a key);
    ``old_top`` and ``new_top`` are the scale's top point before and after.
    An anchor is stored by point number (``junior`` is point 1, ``senior``
    the top, ``points`` the middle ones: docs/question-bank.md), so without
    this a moved point would keep the number, and so the anchor, of the
    point that now sits there.  A removed point's anchor goes with it; a
    new point has none (the checker then asks for one).  Edits ``data`` in
    place: the skill-level questions and each use case's focus question.
    """
    for _loc, question in rated_questions(data):
        anchors = question.get("anchors")
        if not isinstance(anchors, dict):
            continue
        points = anchors.get("points") if isinstance(anchors.get("points"), dict) else {}
        by_value = {v: text for v, text in points.items() if isinstance(v, int)}
        for key, value in (("junior", 1), ("senior", old_top)):
            if key in anchors:
                by_value[value] = anchors[key]
        new = {moved[v]: text for v, text in by_value.items() if v in moved}
        for key, value in (("junior", 1), ("senior", new_top)):
            if value in new:
                anchors[key] = new.pop(value)
            else:
                anchors.pop(key, None)
        kept = {v: text for v, text in points.items() if not isinstance(v, int)}  # not a number: left to the checker
        middle = dict(sorted(new.items())) | kept
        if middle:
            anchors["points"] = middle
        else:
            anchors.pop("points", None)


def next_version(version: str) -> str:
    """The version after ``version``: its last number plus one ("1.0.0" →
    "1.0.1", "2024.1" → "2024.2"), or ".1" appended when it has none."""
    match = re.search(r"(\d+)(?!.*\d)", version)
    if match is None or not version.rstrip().endswith(match.group(1)):
        return f"{version.strip()}.1"
    return version[:match.start()] + str(int(match.group(1)) + 1) + version[match.end():]


def _with_current_format(data: dict) -> dict:
    if data.get("schema_version") == SCHEMA_VERSION:
        return data
    out: dict = {}
    for key, value in data.items():
        if key != "schema_version":
            out[key] = value
        if key == "version":
            out["schema_version"] = SCHEMA_VERSION
    out.setdefault("schema_version", SCHEMA_VERSION)
    return out


def save_role(ws: Workspace | None, doc: RoleDocument, data: dict) -> RoleDocument:
    """Save ``data`` as ``doc``'s role (see the module's rules) and reload
    ``ws``'s banks.  Returns the document as saved (unchanged ``doc`` when
    ``data`` holds no change).

    Raises :class:`AssessorError` when ``data`` has an error, changes the
    role id, or the file changed on disk since it was opened, or cannot be
    written.
    """
    before = plain(load_text(doc.text))  # not doc.data: a caller may have edited that dict in place
    if data == before:
        return doc
    errors = [i for i in check_role(data) if i.is_error]
    if errors:
        raise AssessorError("the bank has errors:\n" + "\n".join(str(i) for i in errors[:5]))
    if data.get("role_id") != doc.role_id:
        raise AssessorError("the role id cannot change (interviews refer to it); duplicate the role instead")
    if data.get("version") == before.get("version"):
        data = {**data, "version": next_version(str(data.get("version", "")))}
    data = _with_current_format(data)
    target = user_bank_dir() / f"{doc.role_id}.yaml" if doc.read_only else doc.path
    if not doc.read_only:
        try:
            on_disk = _read(doc.path)
        except OSError as exc:
            raise AssessorError(f"cannot read {doc.path}: {exc.strerror or exc}") from exc
        if on_disk != doc.text:
            raise AssessorError(f"{doc.path} was changed by someone else since it was opened; "
                                "reopen it to see their changes")
    elif target.exists():
        raise AssessorError(f"{target} exists already and overrides this built-in role; edit that file")
    text = render(doc.text, data)
    _write(target, text)
    if ws is not None:
        reload_banks(ws)
    return RoleDocument(doc.role_id, target, text, plain(load_text(text)), False)


@dataclass(frozen=True)
class Upgraded:
    """What :func:`upgrade_bank` did to one file: its format ``before`` and
    ``after`` (equal when it was current already and was not written)."""

    path: Path
    before: int
    after: int

    @property
    def changed(self) -> bool:
        """True when the file was rewritten."""
        return self.before != self.after


def upgrade_bank(path: Path) -> Upgraded:
    """Rewrite the bank file at ``path`` in the current bank format
    (:data:`~assessor.domain.SCHEMA_VERSION`), through the upgrade steps of
    :mod:`assessor.bank.versions` and the round-trip writer, so its comments,
    key order and layout stay as they were; its ``version`` is not bumped
    (the content is the same).  A file in the current format is not written.

    Raises :class:`AssessorError` when the file cannot be read or written,
    or has an error (it is upgraded only once it loads: the first errors are
    in the message).
    """
    path = Path(path)
    kit, problems = check_file(path)
    if kit is None:
        errors = [p for p in problems if p.is_error]
        raise AssessorError(f"{path} has {len(errors)} error(s); fix them first (assessor bank validate):\n"
                            + "\n".join(str(p) for p in errors[:5]))
    try:
        text = _read(path)
    except OSError as exc:
        raise AssessorError(f"cannot read {path}: {exc.strerror or exc}") from exc
    data = plain(load_text(text.replace("\r\n", "\n")))
    before = file_version(data) or SCHEMA_VERSION
    if before == SCHEMA_VERSION:
        return Upgraded(path, before, before)
    upgraded = upgrade(data)  # the steps of each format, in order; then the number goes after `version`
    _write(path, render(text, _with_current_format({k: v for k, v in upgraded.items() if k != "schema_version"})))
    return Upgraded(path, before, SCHEMA_VERSION)


def _read(path: Path) -> str:
    """The text of a bank file as it is on disk (line ends kept, no BOM)."""
    return Path(path).read_bytes().decode("utf-8-sig")


def _write(target: Path, text: str) -> None:
    try:
        write_atomic(target, text)
    except OSError as exc:
        raise AssessorError(f"cannot write {target}: {exc.strerror or exc}") from exc


def reload_banks(ws: Workspace) -> None:
    """Load every bank folder again into ``ws`` (kits, sources, problems).
    Assessments already started keep their own kit snapshots."""
    banks = load_banks(prefs=ws.prefs)
    ws.kits, ws.sources, ws.bank_problems = banks.kits, banks.sources, banks.problems


def duplicate_role(ws: Workspace, role_id: str, new_id: str, title: str) -> Path:
    """Copy ``role_id``'s bank as a new role ``new_id`` titled ``title``, at
    version 0.1.0, in the user's bank folder (comments kept); reloads the
    banks.  Raises :class:`AssessorError` for a bad or taken id."""
    doc = open_role(ws, role_id)
    if new_id in ws.kits:
        raise AssessorError(f"the role id {new_id!r} is taken")
    data = {**doc.data, "role_id": new_id, "title": title.strip() or new_id, "version": "0.1.0"}
    errors = [i for i in check_role(data) if i.is_error]
    if errors:
        raise AssessorError("; ".join(str(i) for i in errors[:3]))
    target = user_bank_dir() / f"{new_id}.yaml"
    if target.exists():
        raise AssessorError(f"{target} exists already")
    _write(target, render(doc.text, _with_current_format(data)))
    reload_banks(ws)
    return target


def export_role(ws: Workspace | None, role_id: str, out: Path) -> Path:
    """Write ``role_id``'s bank file (of ``ws``, or of the bank folders when
    ``ws`` is ``None``), byte for byte, to ``out`` (one file to share;
    atomic; a folder gets the file's own name).  Raises :class:`AssessorError`."""
    path = (ws.sources if ws is not None else load_banks().sources).get(role_id)
    if path is None:
        raise AssessorError(f"no bank file holds the role {role_id!r}")
    doc = open_role_file(path)
    out = Path(out)
    if out.is_dir():
        out = out / doc.path.name
    _write(out, doc.text)
    return out


def import_role(ws: Workspace | None, file: Path, replace_existing: bool = False) -> Path:
    """Copy a shared bank file into the user's bank folder as
    ``<role_id>.yaml`` once it loads; reloads ``ws``'s banks.

    Raises :class:`AssessorError` with the file's errors, or when the user's
    folder has that role already and ``replace_existing`` is false.
    """
    kit, problems = check_file(Path(file))
    if kit is None:
        raise AssessorError("the file does not load:\n" + "\n".join(str(p) for p in problems if p.is_error))
    target = user_bank_dir() / f"{kit.role_id}.yaml"
    if target.exists() and not replace_existing and target.resolve() != Path(file).resolve():
        raise AssessorError(f"your bank folder has the role {kit.role_id!r} already ({target}); "
                            "replace it to import")
    _write(target, _read(Path(file)))
    if ws is not None:
        reload_banks(ws)
    return target


def bank_changed(ws: Workspace, assessment: Assessment) -> InterviewKit | None:
    """The role's current kit when a draft ``assessment`` was started on
    other content (the bank changed underneath it); ``None`` when it is the
    same, the assessment is submitted, or the role is gone."""
    current = ws.kits.get(assessment.kit.role_id)
    if assessment.is_submitted or current is None:
        return None
    return None if current == assessment.kit else current



def carry_on_with_current_kit(ws: Workspace, interview: Interview) -> Interview:
    """Move a draft whose bank changed (:func:`bank_changed`) onto the
    role's current kit: a new draft with a snapshot of the current kit takes
    over the answers of every item the new kit still has (a rating off the
    new scale becomes "not assessed"), the page, the recommendation and the
    takeaways; it becomes the candidate's latest assessment, and the old
    draft stays stored as it was.  Returns the new interview (``interview``
    itself when the bank did not change).  Raises :class:`AssessorError`
    when the store refuses a write.
    """
    old = interview.assessment
    kit = bank_changed(ws, old)
    if kit is None:
        return interview
    known, top = set(kit.item_ids()), kit.scale.maximum
    try:
        new = ws.store.start_assessment(old.candidate.id, kit, old.interviewer, old.interviewer_id)
        for item_id, response in old.responses.items():
            if item_id in known:
                rating = response.rating if response.rating is None or response.rating <= top else None
                ws.store.save_response(new.id, replace(response, rating=rating))
        ws.store.update_assessment(new.id, position=old.position, recommendation=old.recommendation,
                                   takeaways=old.takeaways)
    except StoreError as exc:
        raise AssessorError(str(exc)) from exc
    return Interview(ws, ws.store.assessment(new.id))

"""The question-bank editor: browse the roles (with the file each came
from, and the banks that failed with their errors), edit a role's rating
scale, flags, questions with their anchors and probes, profile areas, use
cases, glossary, tips and scoring rules, reorder them (drag, or Ctrl+Up /
Ctrl+Down), add (Insert) and remove (Delete) them, see every problem as you
type, and save.  Adding or removing a scale point gives the question forms
one anchor field more or less (the sections are rebuilt on the same data,
so nothing typed is lost).

Saving goes through :func:`assessor.services.save_role`: a round trip that
keeps the file's comments and layout, bumps the version, writes atomically
(a built-in role is saved as a copy in the user's bank folder).  Duplicate,
import and export a role from the buttons under the list.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPlainTextEdit, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from ..domain import Section
from ..services import (
    AssessorError, Issue, RoleDocument, Workspace, check_role, duplicate_role, export_role, import_role, open_role,
    save_role,
)
from . import message
from .bank_forms import (
    COMPETENCY_FIELDS, FLAG_FIELDS, GLOSSARY_FIELDS, PROFILE_FIELDS, TIP_FIELDS, Field, question_fields,
    use_case_fields,
)
from .bank_sections import TOKEN, ScaleEditor, ScoringEditor, SectionEditor
from .ops import Changes, ops_of
from .style import repolish
from .widgets import wrapped
from .screen import fit_to_screen

CHECK_DELAY_MS = 150

SECTIONS = (("green_flags", "Green flags"), ("yellow_flags", "Yellow flags"), ("questions", "Questions"),
            ("profile", "Profile"), ("use_cases", "Use cases"), ("glossary", "Glossary"), ("tips", "Tips"),
            ("competencies", "Competencies"), ("scale", "Rating scale"), ("scoring", "Scoring"))
RATED = ("questions", "use_cases")
"""The sections whose forms show one anchor field per scale point."""


class BankEditor(QDialog):
    """See the module docstring.  Emits :attr:`banks_changed` after a save,
    an import or a duplicate (the workspace's kits were reloaded)."""

    banks_changed = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bankEditor")
        self.setWindowTitle("Question banks")
        fit_to_screen(self, 1180, 760, remember="bankEditor")
        self.ws = ws
        self.ops = ops_of(parent, ws)
        self.doc: RoleDocument | None = None
        self.data: dict = {}
        self.issues: list[Issue] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check)

        self.roles = QListWidget()
        self.roles.setObjectName("roleList")
        self.roles.setAccessibleName("Roles")
        self.roles.currentItemChanged.connect(lambda item, _old: item and self.open_role(item.data(TOKEN)))
        self.failed = wrapped("", "bankIssueError")
        side = QVBoxLayout()
        side.addWidget(wrapped("Roles", "sectionHeading", selectable=False))
        side.addWidget(self.roles, 1)
        side.addWidget(self.failed)
        for name, text, slot in (("duplicateRole", "Duplicate…", self.duplicate),
                                 ("importRole", "Import…", self.import_), ("exportRole", "Export…", self.export)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            side.addWidget(button)
        left = QWidget()
        left.setLayout(side)

        self.title = wrapped("", "pageTitle")
        self.source = wrapped("", "hint")
        self.source.setObjectName("roleSource")
        self.role_title = QLineEdit()
        self.role_title.setObjectName("roleTitle")
        self.role_title.setAccessibleName("Role title")
        self.role_title.textChanged.connect(lambda text: self._set("title", text.strip()))
        self.profile_heading = QLineEdit()
        self.profile_heading.setObjectName("profileHeading")
        self.profile_heading.setAccessibleName("Profile heading")
        self.profile_heading.setPlaceholderText(Section.PROFILE.value)
        self.profile_heading.setToolTip("The heading of the profile checklists in the interview and the report; "
                                        f"empty: {Section.PROFILE.value}")
        self.profile_heading.textChanged.connect(lambda text: self._set("profile_heading", text.strip()))
        self.description = QPlainTextEdit()
        self.description.setObjectName("roleDescription")
        self.description.setAccessibleName("Role description")
        self.description.setFixedHeight(60)
        self.description.textChanged.connect(lambda: self._set("description", self.description.toPlainText().strip()))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sectionTabs")
        self.tabs.currentChanged.connect(self._tab_shown)
        self.sections: dict[str, SectionEditor | ScoringEditor] = {}
        self._labels_built: dict[int, str] = {}
        """The scale labels the anchor fields of the question forms are named by."""
        self.top = 2
        self.issue_list = QListWidget()
        self.issue_list.setObjectName("issueList")
        self.issue_list.setAccessibleName("Problems in the bank")
        self.issue_list.setMaximumHeight(100)
        self.issue_list.itemActivated.connect(self._go_to_issue)
        self.issue_list.itemClicked.connect(self._go_to_issue)
        self.status = wrapped("", "hint")
        self.status.setObjectName("editorStatus")
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("saveBank")
        self.save_button.setProperty("role", "primary")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.clicked.connect(self.save)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.save_button)

        right_layout = QVBoxLayout()
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.source)
        top = QHBoxLayout()
        top.addWidget(QLabel("Title"))
        top.addWidget(self.role_title, 1)
        top.addWidget(QLabel("Profile heading"))
        top.addWidget(self.profile_heading, 1)
        right_layout.addLayout(top)
        right_layout.addWidget(self.description)
        right_layout.addWidget(self.tabs, 1)
        right_layout.addWidget(wrapped("Problems (updated as you type)", "anchorTitle", selectable=False))
        right_layout.addWidget(self.issue_list)
        right_layout.addLayout(actions)
        right = QWidget()
        right.setLayout(right_layout)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([260, 920])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.refresh_roles()

    # -- roles ------------------------------------------------------------------

    def refresh_roles(self, select: str | None = None) -> None:
        """List the workspace's roles and the banks that failed to load."""
        select = select or (self.doc.role_id if self.doc else None)
        self.roles.blockSignals(True)
        self.roles.clear()
        for role_id, kit in sorted(self.ws.kits.items(), key=lambda kv: kv[1].title.lower()):
            entry = QListWidgetItem(f"{kit.title}  ·  v{kit.version}")
            entry.setData(TOKEN, role_id)
            source = self.ws.sources.get(role_id)
            entry.setToolTip(f"{role_id} — from {source}" if source else role_id)
            self.roles.addItem(entry)
        self.roles.blockSignals(False)
        failed: dict[str, list] = {}
        for problem in self.ws.bank_problems:
            failed.setdefault(problem.path, []).append(problem)
        self.failed.setText("\n".join(f"Failed to load {path}:\n  {probs[0]}" for path, probs in failed.items()))
        self.failed.setVisible(bool(failed))
        rows = [self.roles.item(i).data(TOKEN) for i in range(self.roles.count())]
        if rows:
            self.roles.setCurrentRow(rows.index(select) if select in rows else 0)

    def open_role(self, role_id: str) -> None:
        """Open ``role_id`` for editing (asks to save unsaved changes first)."""
        if self.doc is not None and self.doc.role_id == role_id:
            return
        if not self.maybe_save():
            self._select(self.doc.role_id if self.doc else None)
            return
        try:
            self.doc = open_role(self.ws, role_id)
        except AssessorError as exc:
            message.warning(self, "Cannot open the bank", str(exc))
            return
        self._load(copy.deepcopy(self.doc.data))

    def _select(self, role_id: str | None) -> None:
        self.roles.blockSignals(True)
        for row in range(self.roles.count()):
            if self.roles.item(row).data(TOKEN) == role_id:
                self.roles.setCurrentRow(row)
        self.roles.blockSignals(False)

    def _show_header(self) -> None:
        data = self.data
        self.title.setText(f"{data.get('title', '')}  (version {data.get('version', '?')})")
        where = f"From {self.doc.path}"
        if self.doc.read_only:
            where += " — built in: saving writes your copy to your bank folder, which then overrides it"
        self.source.setText(where)

    def _saved(self) -> None:
        """Show the role as saved: only the fields the save changed (the
        version, the format) are taken over; the forms are rebuilt only
        when a section changed."""
        saved = self.doc.data
        changed = {k for k in set(saved) | set(self.data) if saved.get(k) != self.data.get(k)}
        if changed & {key for key, _title in SECTIONS}:
            self._load(copy.deepcopy(saved))
            return
        for key in changed:
            if key in saved:
                self.data[key] = copy.deepcopy(saved[key])
            else:
                self.data.pop(key, None)
        self._show_header()
        self.check()

    def _load(self, data: dict) -> None:
        self.data = data
        self._show_header()
        heading = data.get("profile_heading")
        for widget, value in ((self.role_title, data.get("title", "")),
                              (self.profile_heading, heading if isinstance(heading, str) else ""),
                              (self.description, data.get("description", ""))):
            widget.blockSignals(True)
            widget.setPlainText(value) if isinstance(widget, QPlainTextEdit) else widget.setText(value)
            widget.blockSignals(False)
        self.top = self._scale_size()
        index = self.tabs.currentIndex()
        self.tabs.clear()
        self.sections = {}
        self._labels_built = self._point_labels()
        for key, title in SECTIONS:
            self.sections[key] = self._section(key)
            self.tabs.addTab(self.sections[key], title)
        self.tabs.setCurrentIndex(max(0, index))
        self.check()

    def _tab_shown(self, _index: int) -> None:
        if self.sections and self._point_labels() != self._labels_built:
            self._rebuild_rated()  # a scale label was renamed: the anchors' names follow
        section = self.tabs.currentWidget()
        if isinstance(section, ScoringEditor):
            section.refresh()  # the sections and the scale as edited in the other tabs

    def _scale_size(self) -> int:
        scale = self.data.get("scale")
        points = scale.get("points") if isinstance(scale, dict) else None
        return max(2, len(points) if isinstance(points, list) else 0)

    def _off_points(self, key: str) -> tuple[int, ...]:
        """The anchor points the questions of ``key`` hold off the scale."""
        items = self.data.get(key)
        found: set[int] = set()
        for item in items if isinstance(items, list) else []:
            question = item.get("focus") if key == "use_cases" and isinstance(item, dict) else item
            anchors = question.get("anchors") if isinstance(question, dict) else None
            points = anchors.get("points") if isinstance(anchors, dict) else None
            if isinstance(points, dict):
                found |= {k for k in points if isinstance(k, int) and not isinstance(k, bool)
                          and not 2 <= k < self.top}
        return tuple(sorted(found))

    def _point_labels(self) -> dict[int, str]:
        """The scale's label of each point (1-based, by position), as the
        data holds them: the names of the anchors in the question forms."""
        scale = self.data.get("scale")
        points = scale.get("points") if isinstance(scale, dict) else None
        return {n: p["label"].strip() for n, p in enumerate(points if isinstance(points, list) else [], 1)
                if isinstance(p, dict) and isinstance(p.get("label"), str) and p["label"].strip()}

    def _fields(self, key: str) -> list[Field]:
        if key == "questions":
            return question_fields(self.top, off=self._off_points(key), labels=self._point_labels())
        if key == "use_cases":
            return use_case_fields(self.top, self._off_points(key), self._point_labels())
        return {"green_flags": FLAG_FIELDS, "yellow_flags": FLAG_FIELDS, "profile": PROFILE_FIELDS,
                "glossary": GLOSSARY_FIELDS, "tips": TIP_FIELDS, "competencies": COMPETENCY_FIELDS}[key]

    def _section(self, key: str) -> SectionEditor | ScoringEditor:
        if key == "scale":
            section: SectionEditor | ScoringEditor = ScaleEditor()
            section.resized.connect(self._scale_resized)
        elif key == "scoring":
            section = ScoringEditor()
        else:
            section = SectionEditor(key, self._fields(key))
        section.load(self.data)
        section.changed.connect(self._timer.start)
        return section

    def _scale_resized(self, count: int) -> None:
        """The scale's points changed (and the anchors moved with them):
        rebuild the forms that show one anchor per point, on the same data,
        keeping the selected items."""
        self.top = max(2, count)
        self._rebuild_rated()

    def _rebuild_rated(self) -> None:
        """Rebuild the question and use-case forms (one anchor field per
        point, named by the point's label) on the same data, keeping the
        selected items and the tab shown."""
        current = self.tabs.currentWidget()
        self._labels_built = self._point_labels()
        for key in RATED:
            old = self.sections[key]
            row = old.list.currentRow()
            new = self._section(key)
            if 0 <= row < new.list.count():
                new.list.setCurrentRow(row)
            index = self.tabs.indexOf(old)
            self.tabs.blockSignals(True)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, new, dict(SECTIONS)[key])
            self.tabs.blockSignals(False)
            self.sections[key] = new
            if current is old:
                current = new
            old.deleteLater()
        if current is not None and self.tabs.indexOf(current) >= 0:
            self.tabs.setCurrentWidget(current)

    def _set(self, key: str, value: str) -> None:
        if not self.data:
            return
        if value or key == "title":
            self.data[key] = value
        else:
            self.data.pop(key, None)
        self._timer.start()

    # -- checking and saving -----------------------------------------------------

    def is_dirty(self) -> bool:
        """True when the open role has unsaved changes."""
        return self.doc is not None and self.data != self.doc.data

    def check(self) -> list[Issue]:
        """Check the data now; list the problems and mark the items."""
        self._timer.stop()
        self.issues = check_role(self.data) if self.data else []
        if "scoring" in self.sections:
            self.sections["scoring"].refresh()  # use cases added, removed or renamed; the scale's labels
        self.issue_list.clear()
        for issue in self.issues:
            entry = QListWidgetItem(str(issue))
            entry.setForeground(QColor("#b91c1c") if issue.is_error else QColor("#a16207"))
            entry.setData(TOKEN, issue.loc)
            self.issue_list.addItem(entry)
        for section in self.sections.values():
            section.mark(self.issues)
        errors = sum(i.is_error for i in self.issues)
        self.save_button.setEnabled(self.is_dirty() and not errors)
        self.status.setText(f"{errors} error(s) — fix them to save" if errors else
                            "Unsaved changes" if self.is_dirty() else "No changes")
        repolish(self.save_button)
        return self.issues

    def _go_to_issue(self, entry: QListWidgetItem) -> None:
        loc = entry.data(TOKEN)
        if loc and loc[0] in self.sections:
            self.tabs.setCurrentWidget(self.sections[loc[0]])
            self.sections[loc[0]].show_issue(tuple(loc))

    def save(self) -> bool:
        """Save the open role; returns True when saved (or nothing to save)."""
        self._timer.stop()
        if self.doc is None or not self.is_dirty():
            return True
        if any(i.is_error for i in self.check()):
            message.warning(self, "Not saved", "Fix the errors listed under the form first.")
            return False
        try:
            self.doc = self.ops.call(save_role, self.ws, self.doc, copy.deepcopy(self.data),
                                     progress="Saving the question bank…", changes=Changes(banks=True))
        except AssessorError as exc:
            message.warning(self, "Not saved", str(exc))
            return False
        self._saved()
        self.status.setText(f"Saved version {self.doc.data.get('version')} to {self.doc.path}")
        self.refresh_roles(self.doc.role_id)
        self.banks_changed.emit()
        return True

    def maybe_save(self) -> bool:
        """Before leaving a changed role: Save, Discard or Cancel (False)."""
        if not self.is_dirty():
            return True
        choices = (message.Choice("save", standard=message.SAVE), message.Choice("discard", standard=message.DISCARD),
                   message.Choice("cancel", standard=message.CANCEL))
        answer = message.ask(self, "Unsaved changes", f"Save the changes to {self.doc.role_id}?", choices,
                             default="save", escape="cancel")
        if answer == "save":
            return self.save()
        return answer == "discard"

    def done(self, result: int) -> None:  # noqa: D102 - QDialog API: closing asks about unsaved changes
        if self.maybe_save():
            super().done(result)

    # -- duplicate, import, export -------------------------------------------------

    def duplicate(self) -> None:
        """Copy the open role as a new role (asks for its id and title)."""
        if self.doc is None or not self.maybe_save():
            return
        new_id, ok = QInputDialog.getText(self, "Duplicate role", "Id of the new role (e.g. django-developer):")
        if not ok or not new_id.strip():
            return
        title, ok = QInputDialog.getText(self, "Duplicate role", "Title of the new role:")
        if not ok:
            return
        self._run(duplicate_role, (self.ws, self.doc.role_id, new_id.strip(), title), new_id.strip())

    def import_(self) -> None:
        """Import a shared bank file into the user's bank folder."""
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Import a role", "", "Question banks (*.yaml)")
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        """Import ``path``; asks before replacing the user's copy of a role."""
        try:
            target = self.ops.call(import_role, self.ws, path, progress="Importing the question bank…",
                                   changes=Changes(banks=True))
        except AssessorError as exc:
            if "already" not in str(exc):
                message.warning(self, "Not imported", str(exc))
                return
            if not message.yes_no(self, "Replace your copy?", f"{exc}.\n\nReplace it?", default_yes=True):
                return
            try:
                target = self.ops.call(import_role, self.ws, path, replace_existing=True, changes=Changes(banks=True),
                                       progress="Importing the question bank…")
            except AssessorError as again:
                message.warning(self, "Not imported", str(again))
                return
        self.status.setText(f"Imported to {target}")
        self.doc = None
        self.refresh_roles()
        self.banks_changed.emit()

    def export(self) -> None:
        """Export the open role's bank file, to share."""
        if self.doc is None or not self.maybe_save():
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export the role", f"{self.doc.role_id}.yaml",
                                              "Question banks (*.yaml)")
        if path:
            self._run(export_role, (self.ws, self.doc.role_id, path), None)

    def _run(self, action, args: tuple, select: str | None) -> None:  # noqa: ANN001 - a service call
        try:
            result = self.ops.call(action, *args, progress="Writing the question bank…",
                                   changes=Changes(banks=True) if select else None)
        except AssessorError as exc:
            message.warning(self, "Question banks", str(exc))
            return
        self.status.setText(f"Written: {result}")
        if select:
            self.doc = None
            self.refresh_roles(select)
            self.banks_changed.emit()

"""Candidates ▸ Interviewer calibration: does an interviewer rate higher or
lower than their colleagues on the same questions?

The upper table lists each interviewer of
:func:`assessor.services.panel.calibration_for` (one role, or every role):
submitted assessments, ratings given, their mean rating against the mean of
everyone's ratings on the same questions, and the leniency (the difference,
weighted by their ratings), written with its sign and a word: ``+0.40
lenient``, ``−0.25 severe``, ``0.00 in line``.  Selecting an interviewer
fills the lower table with their questions: number of ratings, mean and
standard deviation, the same for everyone, and the difference.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QItemSelection, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTableView,
    QVBoxLayout, QWidget,
)

from ..domain import InterviewerCalibration, QuestionCalibration
from ..services import Workspace
from ..services.panel import calibration_for
from .viewer import viewer_of
from .comparison_view import MISSING, fill_roles, number
from .ops import Changes, ops_of
from .style import MUTED
from .screen import fit_to_screen
from .table_model import SortedTableModel, sorted_rows

EXPLANATION = (
    "Leniency is how far an interviewer's ratings sit above (+, lenient) or below (−, severe) everyone's ratings "
    "of the same questions, in scale points, weighted by how often they rated each question. Only submitted "
    "assessments count. A few ratings say little: read it beside the number of ratings."
)


def signed(value: float | None) -> str:
    """``0.4`` → ``"+0.40"``, ``-0.25`` → ``"−0.25"`` (a true minus sign),
    ``0`` → ``"0.00"``, ``None`` → ``"—"``."""
    if value is None:
        return MISSING
    if round(value, 2) == 0:
        return "0.00"
    return f"+{value:.2f}" if value > 0 else f"−{abs(value):.2f}"


def leniency_text(value: float | None) -> str:
    """The leniency with its sign and in words: ``"+0.40 lenient"``,
    ``"−0.25 severe"``, ``"0.00 in line"``; ``"—"`` without ratings."""
    if value is None:
        return MISSING
    if round(value, 2) == 0:
        return "0.00 in line"
    return f"{signed(value)} {'lenient' if value > 0 else 'severe'}"


class _Table(SortedTableModel):
    """A read-only table of ``rows`` with (heading, tooltip, cell) columns;
    ``cell(row)`` gives (text, sort value).  The rows are an interviewer
    or a question each (tens, not thousands), so their orders are
    computed when a heading is clicked."""

    columns: list[tuple[str, str, Any]] = []

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = type(self).columns

    def set_rows(self, rows: list[Any]) -> None:
        """Show ``rows``, sorted as the table is."""
        self.set_table(sorted_rows(rows, [lambda row, c=c: c[2](row)[1] for c in self.columns], precompute=False))

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        title, tip, _cell = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return title
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip or None
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            return Qt.SortOrder.AscendingOrder if section == 0 else Qt.SortOrder.DescendingOrder
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int((Qt.AlignmentFlag.AlignLeft if section == 0 else Qt.AlignmentFlag.AlignHCenter)
                       | Qt.AlignmentFlag.AlignVCenter)
        return None

    def cell(self, row: Any, column: int, role: int) -> Any:
        """One cell (see :class:`SortedTableModel`)."""
        text, _value = self.columns[column][2](row)
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and text == MISSING:
            return QColor(MUTED)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None


class InterviewerModel(_Table):
    """One row per :class:`~assessor.domain.InterviewerCalibration`."""

    columns = [
        ("Interviewer", "", lambda c: (c.interviewer, c.interviewer.casefold())),
        ("Assessments", "Submitted assessments they took", lambda c: (str(c.assessments), c.assessments)),
        ("Ratings", "Questions they rated, over all those assessments", lambda c: (str(c.ratings), c.ratings)),
        ("Mean", "The mean of their ratings", lambda c: (number(c.mean), c.mean)),
        ("Panel mean", "The mean of everyone's ratings of the same questions, weighted as theirs",
         lambda c: (number(c.panel_mean), c.panel_mean)),
        ("Leniency", "Mean minus panel mean: + lenient (rates higher than colleagues), − severe (lower)",
         lambda c: (leniency_text(c.leniency), c.leniency)),
    ]


class QuestionModel(_Table):
    """One row per :class:`~assessor.domain.QuestionCalibration` of the
    interviewer selected."""

    columns = [
        ("Question", "", lambda q: (q.prompt, q.prompt.casefold())),
        ("n", "Their ratings of this question", lambda q: (str(q.n), q.n)),
        ("Mean", "The mean of their ratings", lambda q: (number(q.mean), q.mean)),
        ("SD", "The standard deviation of their ratings (population)", lambda q: (number(q.sd), q.sd)),
        ("Panel n", "Everyone's ratings of this question", lambda q: (str(q.panel_n), q.panel_n)),
        ("Panel mean", "The mean of everyone's ratings", lambda q: (number(q.panel_mean), q.panel_mean)),
        ("Panel SD", "The standard deviation of everyone's ratings", lambda q: (number(q.panel_sd), q.panel_sd)),
        ("Difference", "Mean minus panel mean: + lenient, − severe",
         lambda q: (leniency_text(q.difference), q.difference)),
    ]


def _table(name: str, model: QAbstractTableModel, parent: QWidget) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName({"calibrationInterviewers": "Interviewers", "calibrationQuestions": "Questions"}.get(name, name))
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(30)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return table


class CalibrationDialog(QDialog):
    """Interviewers' calibration, by role or over every role (non-modal).

    Widgets by object name: ``calibrationRole`` (first entry: every role),
    ``calibrationInterviewers``, ``calibrationQuestions``,
    ``calibrationQuestionsTitle``, ``calibrationExplanation``."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None, role_id: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calibrationDialog")
        self.setWindowTitle("Interviewer calibration")
        fit_to_screen(self, 980, 620, remember="calibration")
        self.ws = ws
        self.calibrations: list[InterviewerCalibration] = []

        self.role = QComboBox()
        self.role.setObjectName("calibrationRole")
        self.role.setMinimumWidth(260)
        self.role.addItem("Every role", None)
        role_label = QLabel("&Role")
        role_label.setBuddy(self.role)
        self.count = QLabel()
        self.count.setObjectName("calibrationCount")
        explanation = QLabel(EXPLANATION)
        explanation.setObjectName("calibrationExplanation")
        explanation.setWordWrap(True)

        self.interviewer_model = InterviewerModel(self)
        self.interviewers = _table("calibrationInterviewers", self.interviewer_model, self)
        self.question_model = QuestionModel(self)
        self.questions = _table("calibrationQuestions", self.question_model, self)
        self.questions_title = QLabel()
        self.questions_title.setObjectName("calibrationQuestionsTitle")
        self.questions_title.setStyleSheet("font-weight: 600;")
        self.empty = QLabel()
        self.empty.setObjectName("emptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.interviewers.selectionModel().selectionChanged.connect(self._selected)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 6, 0, 0)
        lower_layout.addWidget(self.questions_title)
        lower_layout.addWidget(self.questions, 1)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setObjectName("calibrationSplit")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.interviewers)
        self.split.addWidget(lower)
        self.split.setSizes([220, 320])

        close = QPushButton("Close")
        close.setObjectName("calibrationClose")
        close.clicked.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(role_label)
        top.addWidget(self.role)
        top.addStretch(1)
        top.addWidget(self.count)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(explanation)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(bottom)
        self.ops = ops_of(parent, ws)
        self.loading = True  # the roles, then the calibration, are read on the worker
        self._generation = 0
        self.calibrations: list[InterviewerCalibration] = []
        self.ops.sig_changed.connect(self._on_changed)
        self.role.currentIndexChanged.connect(lambda _i: self.refresh())
        fill_roles(self.ops, ws, self.role, role_id, self.refresh)

    def role_id(self) -> str | None:
        """The role chosen; ``None`` for every role."""
        return self.role.currentData()

    def refresh(self) -> None:
        """Reload the calibration of the chosen role on the worker
        (:attr:`loading` meanwhile), then select the first interviewer."""
        self._generation += 1
        generation = self._generation
        self.loading = True
        self.ops.run(calibration_for, self.ws, self.role_id(), viewer_of(self),
                     on_success=lambda found: self._loaded(generation, found, ""),
                     on_failure=lambda text: self._loaded(generation, [], text.capitalize() + "."))

    def _on_changed(self, changes: Changes) -> None:
        if self.isVisible() and (changes.candidates or changes.assessment_id is not None or changes.banks):
            self.refresh()

    def _loaded(self, generation: int, calibrations: list[InterviewerCalibration], message: str) -> None:
        if generation != self._generation:
            return  # a newer request (another role) supersedes it
        self.loading = False
        self.calibrations = calibrations
        self.interviewer_model.set_rows(self.calibrations)
        self.question_model.set_rows([])
        if not message and not self.calibrations:
            message = "No submitted assessment yet: calibration needs interviewers' submitted ratings."
        self.empty.setText(message)
        self.empty.setVisible(bool(message))
        self.split.setVisible(not message)
        n = len(self.calibrations)
        self.count.setText(f"{n} interviewer{'' if n == 1 else 's'}")
        if n:
            self.interviewers.selectRow(0)
        else:
            self.questions_title.setText("")

    def select_interviewer(self, name: str) -> bool:
        """Select ``name``'s row (as a click would); False if not listed."""
        for r in range(self.interviewer_model.rowCount()):
            if self.interviewer_model.row_at(r).interviewer == name:
                self.interviewers.selectRow(r)
                return True
        return False

    def current(self) -> InterviewerCalibration | None:
        """The interviewer selected."""
        rows = self.interviewers.selectionModel().selectedRows()
        return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None

    def _selected(self, _new: QItemSelection | None = None, _old: QItemSelection | None = None) -> None:
        chosen = self.current()
        questions: list[QuestionCalibration] = chosen.questions if chosen else []
        self.question_model.set_rows(questions)
        if chosen is None:
            self.questions_title.setText("Select an interviewer to see their ratings question by question.")
        else:
            self.questions_title.setText(f"{chosen.interviewer}: question by question against everyone's ratings "
                                         f"({leniency_text(chosen.leniency)} overall)")

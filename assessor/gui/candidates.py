"""The candidate list: a searchable table of candidates with their latest
assessment, and the buttons to add, interview and export."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QItemSelectionModel, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox, QPushButton, QTableView, QVBoxLayout,
    QWidget,
)

from ..domain import CandidateOverview, Status, overview_recommendation, overview_status
from ..services import AssessorError, Workspace, list_candidates
from ..services.panel import debrief_for, panel_view
from . import message
from .style import GREEN, MUTED, local_time

SEARCH_DELAY_MS = 150
COLUMNS = ("Name", "Email", "Role", "Status", "Recommendation", "Last interview")


status_text = overview_status  # the list's wording lives in the domain (shared with ``assessor candidates``)
recommendation_text = overview_recommendation


def confirm_start(parent: QWidget, name: str) -> bool:
    """Ask before starting a new scorecard of candidate ``name``; True for
    "Start scorecard" (the default: Enter starts it, Esc does not)."""
    choices = (message.Choice("start", "Start scorecard", standard=QMessageBox.StandardButton.Yes),
               message.Choice("cancel", standard=QMessageBox.StandardButton.Cancel))
    return message.present(parent, "question", "Start a scorecard",
                           f"Start a new scorecard of {name}?\n\nIt is saved as you go and stays yours: other "
                           "interviewers do not see it until you submit.", choices, default="start",
                           escape="cancel", name="startConfirmation") == "start"


class CandidateTableModel(QAbstractTableModel):
    """Rows of :class:`~assessor.domain.CandidateOverview`, read-only.

    Rows come a page at a time: the view asks for more (``canFetchMore`` /
    ``fetchMore``) as it scrolls, so a database of 100,000 candidates opens
    as fast as one of ten.
    """

    PAGE = 200

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.rows: list[CandidateOverview] = []
        self._search = ""
        self._more = False
        #: the interviewer looking: rows show their own assessment, never a
        #: colleague's draft or, while theirs is a draft, a colleague's verdict
        self.viewer: Callable[[], str] = lambda: ""

    def _viewer(self) -> str | None:
        return self.viewer().strip() or None

    def load(self, search: str = "") -> None:
        """Reload the first page from the workspace, filtered by ``search``."""
        self.beginResetModel()
        self._search = search
        self.rows = list_candidates(self.ws, search, limit=self.PAGE, viewer=self._viewer())
        self._more = len(self.rows) == self.PAGE
        self.endResetModel()

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008,N802
        return not parent.isValid() and self._more

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008,N802
        if parent.isValid() or not self._more:
            return
        page = list_candidates(self.ws, self._search, limit=self.PAGE, after=self.rows[-1] if self.rows else None,
                               viewer=self._viewer())
        self._more = len(page) == self.PAGE
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows += page
            self.endInsertRows()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802,ANN201
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            c = row.candidate
            kit = self.ws.kits.get(c.role_id)
            return (
                c.name, c.email, kit.title if kit else c.role_id, status_text(row),
                recommendation_text(row), local_time(row.last_interview),
            )[col] if role == Qt.ItemDataRole.DisplayRole or col != 4 else self.panel_tip(row)
        if role == Qt.ItemDataRole.ForegroundRole and col == 3:
            if row.status is Status.SUBMITTED:
                return QColor(GREEN)
            if row.status is None:
                return QColor(MUTED)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def panel_tip(self, row: CandidateOverview) -> str:
        """The Recommendation cell's tooltip: on a panel the viewer may see,
        the panel's computed result (the debrief's, capped by the kit's
        rules), read when the pointer rests on the cell."""
        text = recommendation_text(row)
        if row.panel is None or row.panel.hidden or row.panel.submitted < 2:
            return text
        try:
            d = debrief_for(self.ws, row.candidate.id, self.viewer())
        except AssessorError:
            return text
        if d.overall is None or d.indicated is None:
            return text
        scale = d.assessments[0].kit.scale.maximum
        capped = f" (capped: {d.result.cap_note})" if d.result.capped else ""
        return (f"Each submitted interviewer's recommendation: {text}. The panel's score "
                f"{d.overall:.2f} / {scale}{capped} indicates {d.indicated.label}; see the debrief.")

    def candidate_row(self, row: int) -> CandidateOverview | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, candidate_id: int) -> int:
        """The row showing ``candidate_id``, or -1."""
        return next((i for i, r in enumerate(self.rows) if r.candidate.id == candidate_id), -1)


class CandidateListView(QWidget):
    """Search box, table, and the New / Start / Export buttons."""

    open_requested = Signal(int)
    selection_changed = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("candidateListPage")
        self.model = CandidateTableModel(ws, self)
        self.model.viewer = lambda: (getattr(self, "interviewer", None) or str)()
        #: the user's name as an interviewer (set by the window): the buttons say what opens for them
        self.interviewer: Callable[[], str] | None = None

        title = QLabel("Candidates")
        title.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setAccessibleName("Search candidates")
        self.search.setPlaceholderText("Search name, email or role   (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(320)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._search_timer.start)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.search)

        self.table = QTableView()
        self.table.setObjectName("candidateTable")
        self.table.setAccessibleName("Candidates")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # several: batch export
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # roles and panel statuses ("Submitted · 2 of 3 submitted") are long: room for them at 1280 px
        for col, width in enumerate((200, 210, 215, 225, 205)):  # never narrower than the heading
            header.resizeSection(col, max(width, header.sectionSizeHint(col)))
        self.table.activated.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())

        self.empty = QLabel("No candidates yet. Click “New candidate” (Ctrl+N) to add one.")
        self.empty.setObjectName("emptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.new_button = QPushButton("New candidate…")
        self.new_button.setObjectName("newCandidateButton")
        self.start_button = QPushButton("Start interview")
        self.start_button.setObjectName("startButton")
        self.start_button.setProperty("role", "primary")
        self.export_button = QPushButton("Export report…")
        self.export_button.setObjectName("exportReportButton")
        self.debrief_button = QPushButton("Debrief…")
        self.debrief_button.setObjectName("debriefButton")
        self.debrief_button.setToolTip("The panel's ratings side by side, once your own assessment is submitted "
                                       "(Ctrl+D)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.debrief_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.start_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        self.start_button.clicked.connect(self.open_current)
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        """Reload with the current search text, keeping (or setting) the selection."""
        self._search_timer.stop()
        keep = select_id if select_id is not None else self.current_id()
        self.model.load(self.search.text())
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and self.model.rows:
            row = 0
        if row >= 0:
            # Not selectRow: that follows the keyboard's modifiers, so a Ctrl
            # held while the list reloads would toggle the row off instead.
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.empty.setVisible(not self.model.rows)
        if not self.model.rows and self.search.text():
            self.empty.setText("No candidate matches the search.")
        elif not self.model.rows:
            self.empty.setText("No candidates yet. Click “New candidate” (Ctrl+N) to add one.")
        self._selection_changed()

    def current(self) -> CandidateOverview | None:
        """The selected row (the current one when several are selected)."""
        selection = self.table.selectionModel()
        index = self.table.currentIndex()
        if index.isValid() and selection.isRowSelected(index.row(), QModelIndex()):
            return self.model.candidate_row(index.row())
        rows = selection.selectedRows()
        return self.model.candidate_row(rows[0].row()) if rows else None

    def selected_ids(self) -> list[int]:
        """The ids of every selected candidate, in the list's order."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [r.candidate.id for r in map(self.model.candidate_row, rows) if r is not None]

    def current_id(self) -> int | None:
        row = self.current()
        return row.candidate.id if row else None

    def open_current(self) -> None:
        """Ask to open the selected candidate's interview."""
        row = self.current()
        if row is not None:
            self._open(row)

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.candidate_row(index.row())
        if row is not None:
            self._open(row)

    def _open(self, row: CandidateOverview) -> None:
        """Open the interview of ``row``: the user's own scorecard; when they
        have none yet, first ask (Enter on a row never starts a scorecard
        unasked), naming the candidate."""
        if self._own_status(row) is None:
            if not confirm_start(self, row.candidate.name):
                return
            # Opened once the question is gone and the window active again, so
            # focus lands in the interview's first input, not back in the list.
            QTimer.singleShot(0, lambda cid=row.candidate.id: self.open_requested.emit(cid))
            return
        self.open_requested.emit(row.candidate.id)

    def _own_status(self, row: CandidateOverview) -> Status | None:
        """The status of the user's own assessment of ``row``'s candidate
        (on a panel each interviewer has their own); the latest assessment's
        when no interviewer name is set (that one opens)."""
        name = self.interviewer() if self.interviewer is not None else ""
        if row.status is None or not name.strip():
            return row.status
        try:
            return panel_view(self.model.ws, row.candidate.id, name).own_status
        except AssessorError:
            return row.status

    def _selection_changed(self) -> None:
        row = self.current()
        self.start_button.setEnabled(row is not None)
        self.export_button.setEnabled(row is not None and row.assessment_id is not None)
        self.debrief_button.setEnabled(row is not None and row.assessment_id is not None)
        status = self._own_status(row) if row is not None else None
        if row is None or status is None:
            self.start_button.setText("Start interview")
        elif status is Status.SUBMITTED:
            self.start_button.setText("Open (read-only)")
        else:
            self.start_button.setText("Resume interview")
        self.selection_changed.emit()

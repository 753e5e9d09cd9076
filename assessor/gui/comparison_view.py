"""Candidates ▸ Compare candidates: every candidate of one role side by side.

The table shows :func:`assessor.services.panel.comparison_for`: per
candidate the number of submitted interviews, the panel's mean score of each
section, the computed overall score, the recommendation that score indicates,
the recommendations given (tallied), the red flags observed and the panel's
agreement (Krippendorff's alpha).  Clicking a header sorts by that column
(numbers as numbers; a candidate with no value sorts last whichever way);
"Export PDF…" and "Export CSV…" write the same comparison through
:func:`assessor.services.export.export_comparison`, sorted as shown when the
column is one the export can sort by.  Double-clicking a row emits
:attr:`ComparisonDialog.candidate_activated` with the candidate's id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout,
    QWidget,
)

from ..domain import Comparison, ComparisonRow, Recommendation
from ..services import Workspace, known_roles
from ..services.export import export_comparison
from ..services.panel import comparison_for
from .viewer import viewer_of
from .style import MUTED, RED
from . import message
from .frozen_table import FrozenColumnTable
from .ops import Changes, Ops, ops_of
from .screen import fit_to_screen
from .table_model import SortedRows, SortedTableModel, sorted_rows

#: the rows a column's width is fitted to (the rows in view and a few
#: more), not every candidate of the role: each is a data() call per column
FIT_ROWS = 20
#: shown for a value that does not exist (one interviewer: no agreement figure)
MISSING = "—"


def number(value: float | None, digits: int = 2) -> str:
    """``3.5`` → ``"3.50"``; ``None`` → ``"—"``."""
    return MISSING if value is None else f"{value:.{digits}f}"


def tally_text(tally: dict[Recommendation, int]) -> str:
    """The recommendations given, strongest first: ``"1× Strong Yes, 2× Yes"``."""
    return ", ".join(f"{n}× {rec.label}" for rec, n in sorted(tally.items(), key=lambda kv: -kv[0].points) if n)


@dataclass(frozen=True)
class Column:
    """A column of the comparison: its ``key`` (also the export's sort key
    when ``export_sort`` is set), heading and tooltip."""

    key: str
    title: str
    tip: str = ""
    numeric: bool = True
    export_sort: str | None = None


def columns_of(comparison: Comparison | None) -> list[Column]:
    """The comparison's columns: the name, then the decision (overall,
    indicated, the panel's recommendations, red flags), then the evidence
    behind it (interviews, one column per section, agreement)."""
    sections = [Column(sid, title, f"Panel's mean score on {title}", export_sort=sid)
                for sid, title in (comparison.sections if comparison else [])]
    return [
        Column("name", "Candidate", numeric=False, export_sort="name"),
        Column("overall", "Overall", "The panel's computed overall score (mean of the interviewers', capped by the kit's "
               "red-flag and must-have rules as one scorecard; * capped: hover for the reason)",
               export_sort="overall"),
        Column("indicated", "Indicated", "The recommendation the computed overall score points to",
               export_sort="overall"),
        Column("tally", "Recommendations", "The recommendations the interviewers gave; sorts by their mean "
               "(Strong No = 1 … Strong Yes = 4)", export_sort="recommendation"),
        Column("red_flags", "Red flags", "Red flags observed, over all interviews"),
        Column("interviews", "Interviews", "Submitted assessments of the candidate"),
        *sections,
        Column("alpha", "Agreement α", "Krippendorff's alpha (interval) of the panel's ratings: 1 = full "
               "agreement, 0 = no better than chance; needs two interviewers or more"),
    ]


def cell_text(row: ComparisonRow, key: str) -> str:
    """The text shown in column ``key`` of ``row``."""
    if key == "name":
        return row.candidate.name
    if key == "interviews":
        return str(row.interviews)
    if key == "overall":
        if row.overall is None:
            return MISSING
        return f"{number(row.overall)} / {row.scale_max}{'* capped' if row.result.capped else ''}"
    if key == "indicated":
        return row.indicated.label if row.indicated else MISSING
    if key == "tally":
        return tally_text(row.tally) or MISSING
    if key == "red_flags":
        return str(row.red_flags)
    if key == "alpha":
        return number(row.alpha)
    value = row.sections.get(key)
    return number(value) if value is None else f"{number(value)} (n={row.section_counts.get(key, 0)})"


def sort_value(row: ComparisonRow, key: str) -> Any:
    """What column ``key`` of ``row`` sorts by: a number, the case-folded
    name, or ``None`` (no value: listed last either way)."""
    if key == "name":
        return row.candidate.name.casefold()
    if key == "indicated":
        return row.indicated.points if row.indicated else None
    if key == "tally":
        return row.recommendation_points
    if key in ("interviews", "overall", "red_flags", "alpha"):
        return getattr(row, key)
    return row.sections.get(key)


@dataclass(frozen=True)
class LoadedComparison:
    """A comparison ready to show: its columns and its rows with every
    column's sort order (:func:`load_comparison`)."""

    comparison: Comparison
    columns: list[Column]
    table: SortedRows


def load_comparison(ws: Workspace, role_id: str, viewer: str = "") -> LoadedComparison:
    """The comparison of ``role_id`` as ``viewer`` may see it (no other
    interviewer's draft; see :func:`assessor.services.panel.shown_to`), with
    its columns and every sort order precomputed: run on the database worker
    (the query, the keys and the sorts all grow with the candidates).
    Raises what :func:`assessor.services.panel.comparison_for` raises."""
    comparison = comparison_for(ws, role_id, viewer)
    columns = columns_of(comparison)
    keys = [lambda row, key=column.key: sort_value(row, key) for column in columns]
    return LoadedComparison(comparison, columns, sorted_rows(comparison.rows, keys))


class ComparisonModel(SortedTableModel):
    """The rows of a :class:`~assessor.domain.Comparison`, read-only; one
    column per section of the role between the interviews and the overall
    score; sorted by the orders :func:`load_comparison` computed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison: Comparison | None = None
        self.columns: list[Column] = []

    def set_comparison(self, loaded: LoadedComparison | None) -> None:
        """Show ``loaded`` (``None``: nothing)."""
        self.comparison = loaded.comparison if loaded else None
        self.columns = loaded.columns if loaded else columns_of(None)
        self.set_table(loaded.table if loaded else SortedRows())

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip or None
        if role == Qt.ItemDataRole.InitialSortOrderRole:  # best first on a first click
            return Qt.SortOrder.DescendingOrder if column.numeric else Qt.SortOrder.AscendingOrder
        if role == Qt.ItemDataRole.TextAlignmentRole:  # centred over numbers: Fusion's sort arrow sits right
            right = self._alignment(column) & Qt.AlignmentFlag.AlignRight
            return int((Qt.AlignmentFlag.AlignHCenter if right else Qt.AlignmentFlag.AlignLeft)
                       | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _alignment(column: Column) -> Qt.AlignmentFlag:
        right = column.numeric and column.key not in ("indicated", "tally")
        return (Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignVCenter

    def cell(self, row: ComparisonRow, column_index: int, role: int) -> Any:
        """One cell of the comparison (see :class:`SortedTableModel`)."""
        column = self.columns[column_index]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, column.key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.key == "tally" and row.recommendation_points is not None:
                return f"Mean recommendation {row.recommendation_points:.2f} (Strong No = 1 … Strong Yes = 4)"
            if column.key in ("overall", "indicated") and row.result.capped:
                return "Capped: " + row.result.cap_note
            if column.key == "name":
                return f"{row.candidate.name}: double-click to preview the report"
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(self._alignment(column))
        if role == Qt.ItemDataRole.ForegroundRole:
            if column.key == "red_flags" and row.red_flags:
                return QColor(RED)
            if cell_text(row, column.key) == MISSING:
                return QColor(MUTED)
        if role == Qt.ItemDataRole.UserRole:
            return row.candidate.id
        return None


def role_choices(ws: Workspace, ids: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(role id, title) of every role with a kit or with assessments in the
    database (``ids``, when given: the result of
    :func:`assessor.services.known_roles`, which queries the database),
    sorted by title; a role whose kit is gone shows its id."""
    ids = known_roles(ws) if ids is None else ids
    titled = [(rid, ws.kits[rid].title if rid in ws.kits else rid) for rid in ids]
    return sorted(titled, key=lambda pair: pair[1].casefold())


def fill_roles(ops: Ops, ws: Workspace, combo: QComboBox, role_id: str | None, then: Callable[[], None]) -> None:
    """Add every role (:func:`role_choices`) to ``combo``, the database's
    roles read on the window's worker (``ops``), never on the GUI thread;
    then choose ``role_id`` when it is listed and call ``then()`` (the
    dialog's first load).  ``combo`` emits no ``currentIndexChanged`` while
    it is filled.  When the roles cannot be read, the installed kits are
    listed (the dialog's own load then says what failed)."""

    def fill(ids: Iterable[str]) -> None:
        combo.blockSignals(True)
        try:
            for rid, title in role_choices(ws, ids):
                combo.addItem(title, rid)
            if role_id is not None and (i := combo.findData(role_id)) >= 0:
                combo.setCurrentIndex(i)
        finally:
            combo.blockSignals(False)
        then()

    ops.run(known_roles, ws, on_success=fill, on_failure=lambda _text: fill(sorted(ws.kits)))


class ComparisonDialog(QDialog):
    """Pick a role, read its candidates side by side, sort, export.

    Non-modal.  Widgets by object name: ``comparisonRole`` (the role),
    ``comparisonTable``, ``comparisonCount``, ``comparisonExportPdf``,
    ``comparisonExportCsv``.  :attr:`last_written` is the last file
    exported (``None`` before, or when the export failed)."""

    candidate_activated = Signal(int)

    def __init__(self, ws: Workspace, parent: QWidget | None = None, role_id: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparisonDialog")
        self.setWindowTitle("Compare candidates")
        fit_to_screen(self, 1180, 560, remember="comparison")
        self.ws = ws
        self.last_written: Path | None = None
        self.last_error: str = ""

        self.role = QComboBox()
        self.role.setObjectName("comparisonRole")
        self.role.setMinimumWidth(260)
        role_label = QLabel("&Role")
        role_label.setBuddy(self.role)
        self.count = QLabel()
        self.count.setObjectName("comparisonCount")

        self.model = ComparisonModel(self)
        self.table = FrozenColumnTable()
        self.table.setObjectName("comparisonTable")
        self.table.setAccessibleName("Candidates compared")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(32)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(FIT_ROWS)
        header.setHighlightSections(False)
        header.setSectionsClickable(True)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(self._activated)

        self.empty = QLabel()
        self.empty.setObjectName("emptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.hide()
        note = QLabel("Click a heading to sort by it; a candidate with no value in that column is listed last. "
                      "Scores are the panel's means of its submitted assessments; double-click a candidate to "
                      "preview their report.")
        note.setObjectName("hint")
        note.setWordWrap(True)

        self.export_pdf = QPushButton("Export PDF…")
        self.export_pdf.setObjectName("comparisonExportPdf")
        self.export_pdf.clicked.connect(lambda: self.export(fmt="pdf"))
        self.export_csv = QPushButton("Export CSV…")
        self.export_csv.setObjectName("comparisonExportCsv")
        self.export_csv.clicked.connect(lambda: self.export(fmt="csv"))
        close = QPushButton("Close")
        close.setObjectName("comparisonClose")
        close.clicked.connect(self.close)
        self.status = QLabel()
        self.status.setObjectName("comparisonStatus")
        self.status.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(role_label)
        top.addWidget(self.role)
        top.addStretch(1)
        top.addWidget(self.count)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.export_pdf)
        bottom.addWidget(self.export_csv)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(note)
        layout.addLayout(bottom)
        self.ops = ops_of(parent, ws)
        self.loading = True  # the roles, then the comparison, are read on the worker
        self._generation = 0
        self.ops.sig_changed.connect(self._on_changed)
        self.role.currentIndexChanged.connect(lambda _i: self.refresh())
        fill_roles(self.ops, ws, self.role, role_id, self.refresh)

    def role_id(self) -> str | None:
        """The role chosen (``None`` when no role exists)."""
        return self.role.currentData()

    def refresh(self) -> None:
        """Reload the comparison of the chosen role on the worker
        (:attr:`loading` meanwhile), then show it best overall first."""
        role_id = self.role_id()
        self._generation += 1
        if role_id is None:
            self._show(None, "No role is installed and no assessment is stored, so there is nothing to compare.")
            return
        generation = self._generation
        self.loading = True
        self.ops.run(load_comparison, self.ws, role_id, viewer_of(self),
                     on_success=lambda loaded: self._loaded(generation, loaded, ""),
                     on_failure=lambda text: self._loaded(generation, None, text.capitalize() + "."))

    def _on_changed(self, changes: Changes) -> None:
        if self.isVisible() and (changes.candidates or changes.assessment_id is not None or changes.banks):
            self.refresh()

    def _loaded(self, generation: int, loaded: LoadedComparison | None, text: str) -> None:
        if generation == self._generation:  # else a newer request (another role) supersedes it
            self._show(loaded, text)

    def _show(self, loaded: LoadedComparison | None, message: str) -> None:
        self.loading = False
        self.model.set_comparison(loaded)
        overall = next((n for n, c in enumerate(self.model.columns) if c.key == "overall"), 0)
        self.table.sortByColumn(overall, Qt.SortOrder.DescendingOrder)
        rows = len(self.model.rows)
        if not message and not rows:
            message = ("No candidate for this role has a submitted assessment yet. Candidates appear here once an "
                       "interviewer submits.")
        self.empty.setText(message)
        self.empty.setVisible(bool(message))
        self.table.setVisible(not message)
        self.export_pdf.setEnabled(rows > 0)
        self.export_csv.setEnabled(rows > 0)
        self.count.setText(f"{rows} candidate{'' if rows == 1 else 's'}" if loaded else "")
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Each column as wide as its contents (and heading, with its sort
        arrow); the candidate column at least 200 px; the last takes the rest."""
        if not self.model.columns:
            return
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        header.resizeSection(0, max(header.sectionSize(0), 200))

    def sort_key(self) -> str:
        """The export's sort key for the column the table is sorted by
        (``"overall"`` for a column the export does not sort by)."""
        column = self.table.horizontalHeader().sortIndicatorSection()
        if 0 <= column < len(self.model.columns):
            return self.model.columns[column].export_sort or "overall"
        return "overall"

    def shown_ids(self) -> list[int]:
        """The candidates' ids in the order the table shows them."""
        return [self.model.row_at(r).candidate.id for r in range(self.model.rowCount())]

    def _activated(self, index: QModelIndex) -> None:
        candidate_id = index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole)
        if candidate_id is not None:
            self.candidate_activated.emit(int(candidate_id))

    def export(self, path: Path | None = None, fmt: str = "pdf") -> None:
        """Ask where (unless ``path`` is given) and write the comparison as
        PDF or CSV (by ``fmt``; a given ``path``'s suffix decides) in the
        background; the result shows in the status line and
        :attr:`last_written` (a failure in :attr:`last_error` and a message box)."""
        role_id = self.role_id()
        if role_id is None:
            return
        if path is None:
            label = "PDF documents (*.pdf)" if fmt == "pdf" else "CSV files (*.csv)"
            default = Path.home() / f"comparison-{role_id}.{fmt}"
            chosen, _ = QFileDialog.getSaveFileName(self, "Export the comparison", str(default), label)
            if not chosen:
                return
            path = Path(chosen if chosen.lower().endswith(f".{fmt}") else f"{chosen}.{fmt}")
        self.last_written, self.last_error = None, ""
        self.export_pdf.setEnabled(False)
        self.export_csv.setEnabled(False)
        self.status.setText(f"Writing {Path(path).name}…")
        key = self.sort_key()
        self.ops.run(export_comparison, self.ws, role_id, Path(path), sort=key, viewer=viewer_of(self),
                     on_success=lambda written: self._exported(written, key), on_failure=self._export_failed)

    def export_order(self, key: str) -> str:
        """How an export sorted by ``key`` is ordered, in words."""
        if key == "name":
            return "by name, A to Z"
        title = next((c.title for c in self.model.columns if c.export_sort == key), key)
        return f"by {title.lower() if key in ('overall', 'recommendation') else title}, best first"

    def _exported(self, path: Path, key: str) -> None:
        self.last_written = Path(path)
        column = self.table.horizontalHeader().sortIndicatorSection()
        shown = self.model.columns[column] if 0 <= column < len(self.model.columns) else None
        same = (shown is not None and shown.export_sort == key
                and self.table.horizontalHeader().sortIndicatorOrder() == self.model.headerData(
                    column, Qt.Orientation.Horizontal, Qt.ItemDataRole.InitialSortOrderRole))
        note = "" if same else " (a file sorts by overall score, recommendations, name or a section, best first)"
        self.status.setText(f"Saved to {path}, sorted {self.export_order(key)}{note}.")
        self._enable_export()

    def _export_failed(self, text: str) -> None:
        self.last_error = text
        self.status.setText("Not exported.")
        self._enable_export()
        message.warning(self, "Export failed", text)

    def _enable_export(self) -> None:
        rows = len(self.model.rows) > 0
        self.export_pdf.setEnabled(rows)
        self.export_csv.setEnabled(rows)

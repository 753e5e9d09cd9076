"""The audit trail in the window: who changed which rating, flag, tick,
recommendation or status, when, from what to what; exportable as CSV."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..services import AssessorError, Workspace, write_audit_csv
from ..services.audit import audit_lines
from .viewer import viewer_of
from .screen import fit_to_screen
from .style import local_time
from . import message

HEADERS = ("When", "Who", "Candidate", "What", "Change", "From", "To")


class AuditDialog(QDialog):
    """A table of audit entries, of one candidate or of all; "Export CSV…"
    writes what the table shows (owner-only file)."""

    def __init__(self, ws: Workspace, candidate_id: int | None = None, parent: QWidget | None = None,
                 viewer: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditDialog")
        #: whose audit trail this is (None: the main window's interviewer, :func:`~assessor.gui.viewer.viewer_of`)
        self.viewer = viewer
        self.setWindowTitle("Audit trail")
        fit_to_screen(self, 1160, 560, remember="audit")
        self.ws = ws
        self.candidate_id = candidate_id
        self.only = QCheckBox("Only the selected candidate")
        self.only.setObjectName("auditOnlyCandidate")
        self.only.setEnabled(candidate_id is not None)
        self.only.setChecked(candidate_id is not None)
        self.only.toggled.connect(self.refresh)
        self.count = QLabel()
        self.count.setObjectName("auditCount")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName("Audit trail")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(HEADERS.index("What"), QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        export = QPushButton("Export CSV…")
        export.setObjectName("auditExport")
        export.clicked.connect(self.export)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(self.only)
        top.addStretch(1)
        top.addWidget(self.count)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(export)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.refresh()

    def _filter(self) -> int | None:
        return self.candidate_id if self.only.isChecked() else None

    def _viewer(self) -> str:
        return self.viewer if self.viewer is not None else viewer_of(self)

    def refresh(self) -> None:
        """Reload the entries, newest first, in words: local time, the
        candidate's name, the item's prompt, readable values (the CSV
        export keeps the codes and UTC, for a spreadsheet)."""
        lines = list(reversed(audit_lines(self.ws, self._filter(), self._viewer())))
        self.table.setRowCount(len(lines))
        for r, line in enumerate(lines):
            cells = (local_time(line.at, "%Y-%m-%d %H:%M"), line.actor, line.candidate, line.item, line.change,
                     line.old, line.new)
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
        self.count.setText(f"{len(lines)} change{'s' if len(lines) != 1 else ''}")

    def export(self, path: Path | None = None) -> Path | None:
        """Ask where (unless ``path`` is given) and write the CSV."""
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export the audit trail", str(Path.home() / "audit.csv"),
                                                    "CSV files (*.csv)")
            if not chosen:
                return None
            path = Path(chosen)
        try:
            written = write_audit_csv(self.ws, path, self._filter(), self._viewer())
        except AssessorError as exc:
            message.warning(self, "Export failed", str(exc))
            return None
        self.count.setText(f"Exported to {written}")
        return written

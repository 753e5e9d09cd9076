"""The debrief: a candidate's panel side by side, once you have submitted.

One row per rated question with one column per interviewer (their ratings
side by side) and the spread (highest minus lowest); a disagreement, a
spread of two points or more, is highlighted by a background and a "⚠"
marker (not by colour alone).  Under the questions, each interviewer's
computed overall score and recommendation.  Above, the panel's score (the
mean of the interviewers') with the recommendation it indicates, the
recommendations tallied, and the panel's agreement as Krippendorff's
interval alpha.  Selecting a question shows every interviewer's notes on it.

What is shown comes from :func:`assessor.services.panel.debrief_for`,
which enforces independent scoring: while the viewer's own assessment of the
candidate is a draft it refuses, and the view shows the reason instead of
any rating (:class:`assessor.services.panel.ScoresHidden`, worded by
:mod:`assessor.gui.wording`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QFrame, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..domain import (
    DISAGREEMENT_SPREAD, Debrief, InterviewKit, ItemRatings, Recommendation, Visibility, indicated_recommendation,
    panel_profile,
)
from ..services import Workspace
from ..services.panel import ScoresHidden, debrief_for, panel_view
from .ops import Changes, ops_of
from .panel_banner import others_of
from .style import MUTED, RED, TEXT
from .widgets import boxed, plain_tip, wrapped
from .screen import fit_to_screen
from .wording import visibility_text

DISAGREEMENT_BG = "#fef3c7"
FOOTER_BG = "#f3f4f6"
MARK = "⚠"

#: the agreement figure's source, named wherever the figure is shown
ALPHA_SOURCE = ("Krippendorff's alpha for interval data: α = 1 − D_o / D_e, the disagreement observed between "
                "the interviewers' ratings of the same questions over the disagreement expected by chance "
                "(1 = perfect agreement, 0 = no better than chance). Source: Klaus Krippendorff, \"Computing "
                "Krippendorff's Alpha-Reliability\", University of Pennsylvania, 2011. Krippendorff relies on "
                "α ≥ 0.800 and draws tentative conclusions from 0.667.")

ITEM_ROLE = Qt.ItemDataRole.UserRole


def _read_debrief(ws: Workspace, candidate_id: int, viewer: str) -> tuple[Debrief | None, Any]:
    """The candidate's debrief and panel view for ``viewer`` (on the
    worker); ``(None, visibility)`` while the viewer's own scores are a
    draft (:class:`~assessor.services.panel.ScoresHidden`); raises
    :class:`~assessor.services.AssessorError` with the reason when it is
    refused otherwise (nothing submitted)."""
    try:
        return debrief_for(ws, candidate_id, viewer), panel_view(ws, candidate_id, viewer)
    except ScoresHidden as exc:
        return None, exc.visibility


def alpha_text(alpha: float | None) -> str:
    """``Krippendorff's α (interval) = 0.42`` and what it means by
    Krippendorff's guideline; says why when there is no figure."""
    if alpha is None:
        return "Krippendorff's α (interval): none (one interviewer, or no variation in the ratings)"
    verdict = ("reliable agreement" if alpha >= 0.8 else "tentative agreement" if alpha >= 0.667
               else "low agreement")
    return f"Krippendorff's α (interval) = {alpha:.2f} · {verdict}"


def alpha_words(alpha: float | None) -> str:
    """The agreement figure in plain words, for a hiring manager who does
    not know Krippendorff's alpha (thresholds as :func:`alpha_text`)."""
    if alpha is None:
        return "In plain words: agreement needs two interviewers or more who rated the same questions."
    if alpha >= 0.8:
        return "In plain words: the interviewers rated the same answers much alike; their ratings can be relied on."
    if alpha >= 0.667:
        return "In plain words: the interviewers mostly agree; read the disagreements before deciding."
    return ("In plain words: the interviewers rated the same answers differently; talk the disagreements "
            "through before deciding.")


def tally_text(tally: dict[Recommendation, int]) -> str:
    """``Strong Yes 1 · No 2`` from the strongest yes down; ``none`` when empty."""
    parts = [f"{r.label} {tally[r]}" for r in reversed(list(Recommendation)) if tally.get(r)]
    return " · ".join(parts) if parts else "none"


def _item(text: str, tip: str = "", align: Qt.AlignmentFlag | None = None) -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tip:
        cell.setToolTip(plain_tip(tip))
    if align is not None:
        cell.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)
    return cell


def plan_text(kit: InterviewKit) -> str:
    """The role's interview plan in lines (:meth:`InterviewKit.plan_lines`),
    headed "Interview plan:" (``""`` when the bank declares no stages)."""
    lines = kit.plan_lines()
    return "\n".join(["Interview plan:", *lines]) if lines else ""


class DebriefDialog(QDialog):
    """See the module docstring.  Non-modal; :meth:`show_candidate` fills it
    for a candidate as ``viewer`` may see them.  Emits
    :attr:`export_requested` with the candidate id for "Export consolidated
    report…"."""

    #: what the viewer may see of the panel shown, as the services decided it
    visibility = Visibility.VISIBLE

    export_requested = Signal(int)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("debriefDialog")
        self.setWindowTitle("Debrief")
        fit_to_screen(self, 1060, 720, remember="debrief")
        self.ws = ws
        self.candidate_id: int | None = None
        self.viewer = self.name = ""
        self.debrief: Debrief | None = None
        self.loading = False
        self._generation = 0
        self.ops = ops_of(parent, ws)
        self.ops.sig_changed.connect(self._on_changed)

        self.title = wrapped("Debrief", "pageTitle")
        self.meta = wrapped("", "hint")
        self.message = wrapped("", "debriefMessage")
        self.message_box = QFrame()
        self.message_box.setObjectName("debriefMessageBox")
        boxed(self.message_box, "#fef3c7", "#fcd34d", "#d97706")
        message_layout = QVBoxLayout(self.message_box)
        message_layout.setContentsMargins(14, 10, 14, 10)
        message_layout.addWidget(self.message)

        self.overall = QLabel()
        self.overall.setObjectName("debriefOverall")
        self.tally = QLabel()
        self.tally.setObjectName("debriefTally")
        self.alpha = QLabel()
        self.alpha.setObjectName("debriefAlpha")
        self.alpha.setToolTip(plain_tip(ALPHA_SOURCE))
        self.alpha.setCursor(Qt.CursorShape.WhatsThisCursor)
        self.disagreements = QLabel()
        self.disagreements.setObjectName("debriefDisagreements")
        self.competencies = QLabel()
        self.competencies.setObjectName("debriefCompetencies")
        self.competencies.setToolTip("Each competency's score is the mean of the interviewers' competency scores "
                                     "(the mean rating of the questions that give evidence for it); it informs, "
                                     "it does not change the panel score.")
        self.figures = QFrame()
        self.figures.setObjectName("debriefFigures")
        boxed(self.figures, "white", "#d1d5db")
        figures = QHBoxLayout(self.figures)
        figures.setContentsMargins(14, 10, 14, 10)
        figures.setSpacing(28)
        for caption, label in (("Panel score", self.overall), ("Recommendations", self.tally),
                               ("Agreement", self.alpha), ("Disagreements", self.disagreements),
                               ("Competencies", self.competencies)):
            column = QVBoxLayout()
            column.setSpacing(2)
            title = QLabel(caption)
            title.setObjectName("anchorTitle")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setStyleSheet(f"color: {TEXT}; font-weight: 600;")
            column.addWidget(title)
            column.addWidget(label)
            figures.addLayout(column)
            if label is self.competencies:
                self.competencies_title = title
        figures.addStretch(1)

        self.table = QTableWidget(0, 0)
        self.table.setObjectName("debriefTable")
        self.table.setAccessibleName("Ratings side by side")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setShowGrid(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(32)
        self.table.itemSelectionChanged.connect(self._show_notes)

        self.notes_title = wrapped("Notes on the selected question", "anchorTitle", selectable=False)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("debriefNotes")
        self.notes.setAccessibleName("The panel's notes")
        self.notes.setReadOnly(True)
        self.notes.setPlaceholderText("Select a question to read every interviewer's notes on it.")
        self.notes.setMaximumHeight(150)

        self.export_button = QPushButton("Export consolidated report…")
        self.export_button.setObjectName("debriefExport")
        self.export_button.setProperty("role", "primary")
        self.export_button.setToolTip("The panel's PDF report: both columns, the tally, disagreements and notes")
        self.export_button.clicked.connect(self._export)
        close = QPushButton("Close")
        close.setObjectName("debriefClose")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.message_box)
        layout.addWidget(self.figures)
        self.plan = wrapped("", "debriefPlan")  # the role's stages, and the competencies none covers
        self.plan.hide()
        layout.addWidget(self.plan)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notes_title)
        layout.addWidget(self.notes)
        layout.addStretch(0)  # takes the room when nothing is shown
        layout.addLayout(buttons)
        self._layout = layout

    # -- filling ------------------------------------------------------------

    def show_candidate(self, candidate_id: int, viewer: str, name: str = "") -> None:
        """Fill the view with the candidate's debrief as ``viewer`` may see
        it, read on the worker (:attr:`loading` meanwhile).  Ratings are
        shown (:attr:`debrief` set), or the reason they are not (the
        viewer's own draft, nothing submitted) in place of the data."""
        self.candidate_id, self.viewer, self.name = candidate_id, viewer, name
        self._generation += 1
        generation = self._generation
        self.loading = True
        self.title.setText(f"Debrief — {name}" if name else "Debrief")
        self.setWindowTitle(f"Debrief — {name}" if name else "Debrief")
        self.visibility = Visibility.VISIBLE
        self.ops.run(_read_debrief, self.ws, candidate_id, viewer,
                     on_success=lambda found: self._loaded(generation, found, ""),
                     on_failure=lambda text: self._loaded(generation, None, text))

    def _loaded(self, generation: int, found: tuple[Debrief | None, Any] | None, reason: str) -> None:
        if generation != self._generation:
            return  # another candidate was asked for meanwhile
        self.loading = False
        self.debrief = None
        self._clear()
        if found is None:
            self._refuse(reason)
            return
        debrief, view = found
        if debrief is None:  # the viewer's own scorecard is a draft: ``view`` is the visibility
            self.visibility = view
            self._refuse("")
            return
        self.visibility = view.visibility
        self.debrief = debrief
        if not self.name:
            self.title.setText(f"Debrief — {debrief.candidate.name}")
            self.setWindowTitle(self.title.text())
        self._fill(debrief, view.hidden, others_of(view))

    def refresh(self) -> None:
        """Fill the view again for the same candidate and viewer."""
        if self.candidate_id is not None:
            self.show_candidate(self.candidate_id, self.viewer, self.name)

    def _on_changed(self, changes: Changes) -> None:
        """A change notice: an open debrief follows a submission or an amendment."""
        if self.isVisible() and self.candidate_id is not None and (
                changes.assessment_id is not None or changes.candidates):
            self.refresh()

    def _clear(self) -> None:
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.notes.clear()
        for label in (self.overall, self.tally, self.alpha, self.disagreements, self.competencies, self.meta,
                      self.message):
            label.clear()

    def _refuse(self, reason: str) -> None:
        """Show why there is no debrief: ``reason``, or the words of
        :attr:`visibility` while the viewer's own scores are a draft."""
        hidden = self.visibility.scores_hidden
        text = visibility_text(self.visibility) if hidden else f"{reason[:1].upper()}{reason[1:]}."
        self.message.setText(text)
        self.meta.setText("Submit your own assessment of this candidate first; the debrief then shows the "
                          "panel's submitted ratings side by side." if hidden else
                          "The debrief shows the panel's ratings once an assessment is submitted.")
        self.message_box.show()
        for widget in (self.figures, self.table, self.notes_title, self.notes, self.export_button, self.plan):
            widget.hide()
        self._layout.setStretch(self._layout.count() - 2, 1)
        self.resize(max(640, min(self.width(), 820)), 260)  # a message, not a table

    def _fill(self, d: Debrief, drafts: int, others: list[str]) -> None:
        for widget in (self.figures, self.table, self.notes_title, self.notes, self.export_button):
            widget.show()
        self._layout.setStretch(self._layout.count() - 2, 0)
        if self.height() < 600:
            fit_to_screen(self, 1060, 720)
        kit = d.assessments[0].kit
        n = len(d.assessments)
        self.meta.setText(f"{kit.title} · {n} submitted assessment{'s' if n > 1 else ''} · "
                          f"a spread of {DISAGREEMENT_SPREAD} points or more is a disagreement ({MARK})")
        if drafts:
            self.message.setText(f"{drafts} other assessment{'s are' if drafts > 1 else ' is'} still a draft and "
                                 "not included; the debrief is complete once every interviewer has submitted.")
        elif n == 1 and not others:
            self.message.setText("Only one interviewer assessed this candidate: there is nothing to compare yet.")
        self.message_box.setVisible(bool(self.message.text()))

        top = d.scale_max
        note = d.result.cap_note
        self.overall.setText((f"{d.overall:.2f} / {top} → indicates {d.indicated.label}"
                              + (f" ({note})" if note else "")) if d.overall is not None
                             and d.indicated else "no question rated")
        self.overall.setToolTip("The mean of the interviewers' computed overall scores, each made by the kit's "
                                "weights and caps; a red flag or missed must-have on any scorecard caps the panel "
                                "as it caps one scorecard; the indicated recommendation cuts the scale into four equal "
                                "bands, the midpoint being the line between hire and no hire.")
        self.tally.setText(tally_text(d.tally))
        self.alpha.setText(alpha_text(d.alpha) + "\n" + alpha_words(d.alpha))
        count = len(d.disagreements)
        self.disagreements.setText(f"{MARK} {count} question{'s' if count != 1 else ''}" if count else "none")
        self.disagreements.setStyleSheet(f"color: {RED if count else TEXT}; font-weight: 600;")
        profile = panel_profile(d.scores)
        self.competencies.setText("\n".join(f"{c.label}: {c.mean:.2f} / {top}" if c.mean is not None
                                             else f"{c.label}: not rated" for c in profile))
        self.competencies.setVisible(bool(profile))
        self.plan.setText(plan_text(kit))
        self.plan.setVisible(bool(kit.stages))
        self.competencies_title.setVisible(bool(profile))
        self._fill_table(d)

    def _fill_table(self, d: Debrief) -> None:
        labels = d.labels
        table = self.table
        table.setColumnCount(len(labels) + 2)
        table.setHorizontalHeaderLabels(["Question", *labels, "Spread"])
        for col, a in enumerate(d.assessments, 1):
            table.horizontalHeaderItem(col).setToolTip(plain_tip(f"{labels[col - 1]}: submitted "
                                                                 f"{a.submitted_at:%Y-%m-%d}" if a.submitted_at
                                                                 else labels[col - 1]))
        scale = d.assessments[0].kit.scale
        rows = len(d.items) + 3 + (1 if any(a.departure_reason.strip() for a in d.assessments) else 0)
        table.setRowCount(rows)
        highlight = QColor(DISAGREEMENT_BG)
        for row, item in enumerate(d.items):
            prefix = f"{MARK} " if item.disagreement else ""
            table.setItem(row, 0, _item(prefix + " ".join(item.prompt.split()), item.prompt))
            table.item(row, 0).setData(ITEM_ROLE, item.item_id)
            for col, rating in enumerate(item.ratings, 1):
                text = str(rating) if rating is not None else "—"
                tip = f"{labels[col - 1]}: {rating} {scale.label(rating)}" if rating is not None else \
                    f"{labels[col - 1]}: not rated"
                table.setItem(row, col, _item(text, tip, Qt.AlignmentFlag.AlignCenter))
            spread = "—" if item.spread is None else (f"{MARK} {item.spread}" if item.disagreement
                                                       else str(item.spread))
            spread_cell = _item(spread, f"Disagreement: a spread of {item.spread} points" if item.disagreement
                                else "Highest minus lowest rating", Qt.AlignmentFlag.AlignCenter)
            table.setItem(row, len(labels) + 1, spread_cell)
            if item.disagreement:
                for col in range(table.columnCount()):
                    cell = table.item(row, col)
                    cell.setBackground(highlight)
                    font = cell.font()
                    font.setBold(col in (0, len(labels) + 1))
                    cell.setFont(font)
                spread_cell.setForeground(QColor(RED))
        base = len(d.items)
        table.setItem(base, 0, _item("Per interviewer"))
        table.item(base, 0).setForeground(QColor(MUTED))
        table.setSpan(base, 0, 1, table.columnCount())
        footer = [("Overall score (computed)", [(f"{s.overall:.2f}" + (f" ({s.cap_note})" if s.cap_note else ""))
                                                 if s.overall is not None else "—" for s in d.scores]),
                  ("Recommendation", [a.recommendation.label if a.recommendation else "—" for a in d.assessments])]
        if rows > base + 3:
            footer.append(("Reason for departing", [" ".join(a.departure_reason.split()) or "—"
                                                    for a in d.assessments]))
        for offset, (title, values) in enumerate(footer, 1):
            row = base + offset
            table.setItem(row, 0, _item(title))
            for col, value in enumerate(values, 1):
                tip = value
                if title.startswith("Overall") and d.scores[col - 1].overall is not None:
                    indicated = indicated_recommendation(d.scores[col - 1].overall, d.scale_max)
                    tip = f"indicates {indicated.label}" if indicated else ""
                table.setItem(row, col, _item(value, tip, Qt.AlignmentFlag.AlignCenter))
            table.setItem(row, len(labels) + 1, _item(""))
            for col in range(table.columnCount()):
                cell = table.item(row, col)
                cell.setBackground(QColor(FOOTER_BG))
                font = QFont(cell.font())
                font.setBold(True)
                cell.setFont(font)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(70)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        metrics = header.fontMetrics()
        for col in range(1, table.columnCount()):
            # one width per interviewer, from the heading: a long departure reason is elided (tooltip)
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            heading = table.horizontalHeaderItem(col).text()
            header.resizeSection(col, max(90, min(190, metrics.horizontalAdvance(heading) + 36)))
        if d.items:
            table.selectRow(0)

    # -- reading ------------------------------------------------------------

    def item_rows(self) -> dict[str, int]:
        """Item id to its row in the table."""
        out = {}
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, 0)
            if cell is not None and cell.data(ITEM_ROLE):
                out[cell.data(ITEM_ROLE)] = row
        return out

    def selected_item(self) -> ItemRatings | None:
        """The question of the selected row (``None`` for a footer row)."""
        if self.debrief is None:
            return None
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        cell = self.table.item(rows[0].row(), 0) if rows else None
        item_id = cell.data(ITEM_ROLE) if cell is not None else None
        return next((i for i in self.debrief.items if i.item_id == item_id), None)

    def _show_notes(self) -> None:
        item = self.selected_item()
        if item is None or self.debrief is None:
            self.notes.clear()
            return
        scale = self.debrief.assessments[0].kit.scale
        ratings = dict(zip(self.debrief.labels, item.ratings, strict=True))
        lines = [" ".join(item.prompt.split()), ""]
        for label, text in item.notes:
            rating = ratings.get(label)
            given = f"{rating} {scale.label(rating)}" if rating is not None else "not rated"
            lines += [f"{label} ({given}):", text.strip(), ""]
        if not item.notes:
            lines.append("No notes on this question.")
        self.notes.setPlainText("\n".join(lines).rstrip())
        self.notes_title.setText(f"Notes on the selected question ({len(item.notes)})")

    def _export(self) -> None:
        if self.candidate_id is not None and self.debrief is not None:
            self.export_requested.emit(self.candidate_id)

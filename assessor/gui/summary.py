"""The summary page: scores, flags, the computed overall score and the
recommendation it indicates, the interviewer's recommendation (with the
written reason it needs when it departs from the computed score, shown as
the recommendation or the ratings change), takeaways, submit and export."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QFrame, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit, QPushButton, QRadioButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from ..domain import Recommendation, ScoreSummary, Step, describe_rules, indicated_recommendation
from .pages import Page, PageHost
from .style import RED, repolish
from .widgets import boxed, notes_edit, plain_tip, wrapped

RECOMMENDATIONS = (Recommendation.STRONG_NO, Recommendation.NO, Recommendation.YES, Recommendation.STRONG_YES)


class SummaryHost(PageHost, Protocol):
    def submit(self) -> None:
        """Confirm and submit the assessment."""

    def export(self) -> None:
        """Export this candidate's report."""


class SummaryPage(Page):
    """Everything the hiring decision needs, on one page."""

    host: SummaryHost

    def __init__(self, host: SummaryHost, step: Step) -> None:
        super().__init__(host, step, "Summary")
        summary = self.interview.summary()
        if summary.red_flags:
            self.box.addWidget(self._red_flags(summary.red_flags))

        overall = summary.overall
        line = QHBoxLayout()
        label = QLabel("Overall score")
        label.setObjectName("sectionHeading")
        line.addWidget(label)
        value = QLabel(f"{overall:.2f} / {summary.scale_max}" if overall is not None else "not rated yet")
        value.setObjectName("overallScore")
        line.addWidget(value)
        line.addSpacing(16)
        indicated = indicated_recommendation(overall, summary.scale_max)
        self.indicated = QLabel(f"→ the computed score indicates {indicated.label}" if indicated else
                                "no question rated yet: no recommendation indicated")
        self.indicated.setObjectName("indicatedRecommendation")
        self.indicated.setTextFormat(Qt.TextFormat.PlainText)
        self.indicated.setToolTip("The scale cut into four equal bands (Strong No, No, Yes, Strong Yes); the line "
                                  "between hire and no hire is the scale's midpoint. A recommendation on the other "
                                  "side of that line needs a written reason.")
        line.addWidget(self.indicated, 0, Qt.AlignmentFlag.AlignBottom)
        line.addStretch(1)
        self.box.addLayout(line)
        if summary.capped_by:
            self.box.addWidget(wrapped(f"Capped from {summary.uncapped:.2f}: " + "; ".join(summary.capped_by),
                                       "capNote"))
        if summary.must_have_unrated:
            self.box.addWidget(wrapped("Must-have not rated yet: " + "; ".join(summary.must_have_unrated),
                                       "mustHave"))
        self.box.addWidget(self._scores(summary))
        if summary.competencies:
            self.box.addWidget(self._competencies(summary))
        self._flags(summary)
        self.box.addWidget(self._rules())

        self.heading("Overall recommendation")
        self.box.addLayout(self._recommendation())
        self.box.addWidget(self._departure())
        self.heading("Key takeaways")
        takeaways = self.notes_box()
        self.box.addWidget(takeaways, 1)

        actions = QHBoxLayout()
        self.submit_button = QPushButton("Submit scorecard…")
        self.submit_button.setObjectName("submitButton")
        self.submit_button.setProperty("role", "primary")
        self.submit_button.clicked.connect(host.submit)
        self.submit_message = QLabel()
        self.submit_message.setObjectName("submitMessage")
        self.submit_message.setWordWrap(True)
        self.export_button = QPushButton("Export report…")
        self.export_button.setObjectName("exportButton")
        self.export_button.setToolTip("Write this candidate's PDF report (Ctrl+E)")
        self.export_button.clicked.connect(host.export)
        actions.addWidget(self.submit_button)
        actions.addWidget(self.submit_message, 1)
        actions.addWidget(self.export_button)
        self.box.addLayout(actions)
        self.refresh_submit()

    def _rules(self) -> QFrame:
        """How the numbers were made: the kit's scoring rules, in words."""
        box = QFrame()
        box.setObjectName("scoringRules")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(3)
        layout.addWidget(wrapped("How the score is made", "anchorTitle", selectable=False))
        for rule in describe_rules(self.interview.assessment.kit):
            layout.addWidget(wrapped(f"•  {rule}", "scoringRule"))
        return box

    def _red_flags(self, flags: list[str]) -> QFrame:
        box = QFrame()
        box.setObjectName("redFlagsBox")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(wrapped(f"Red flags observed ({len(flags)})", "redFlagsTitle", selectable=False))
        for text in flags:
            layout.addWidget(wrapped(f"●  {text}", "redFlagItem"))
        return box

    def _scores(self, summary: ScoreSummary) -> QTableWidget:
        top = summary.scale_max
        rows = [(s.title,
                 (f"{s.mean:.2f} / {top}" if s.mean is not None else "not rated") if s.total else "",
                 f"{s.rated} of {s.total}" if s.total else "",
                 f"{s.demonstrated} of {s.checklist} demonstrated" if s.checklist else "")
                for s in summary.sections]
        return _table("scoresTable", "Scores by section", ["Section", "Score", "Rated", "Checklist"], rows)

    def _competencies(self, summary: ScoreSummary) -> QTableWidget:
        """The competency profile: each competency's mean rating and the
        questions (and checklist items) behind it."""
        top = summary.scale_max
        rows = [(c.label,
                 (f"{c.mean:.2f} / {top}" if c.mean is not None else "not rated") if c.total else "no question",
                 f"{c.rated} of {c.total}" if c.total else "",
                 f"{c.demonstrated} of {c.checklist} demonstrated" if c.checklist else "")
                for c in summary.competencies]
        return _table("competencyTable", "Scores by competency", ["Competency", "Score", "Rated", "Checklist"],
                      rows)

    def _flags(self, summary: ScoreSummary) -> None:
        row = QHBoxLayout()
        row.setSpacing(12)
        for colour, title, items in (("green", "Green flags present", summary.green_present),
                                     ("yellow", "Yellow flags present", summary.yellow_present)):
            card = QFrame()
            card.setObjectName(f"{colour}FlagsSummary")
            card.setProperty("flag", colour)
            layout = QVBoxLayout(card)
            layout.setContentsMargins(12, 8, 12, 8)
            heading = QLabel(f"{title} ({len(items)})")
            heading.setProperty("tone", colour)
            layout.addWidget(heading)
            for text in items or ["none"]:
                layout.addWidget(wrapped(text if items else "None marked present", "" if items else "muted"))
            layout.addStretch(1)
            row.addWidget(card, 1)
        self.box.addLayout(row)

    def _recommendation(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(18)
        self.recommendation = QButtonGroup(self)
        current = self.interview.assessment.recommendation
        words = self.interview.assessment.kit.recommendations
        for index, value in enumerate(RECOMMENDATIONS):
            radio = QRadioButton(value.label)
            radio.setObjectName(f"recommendation-{value.value}")
            radio.setChecked(value is current)
            radio.setEnabled(not self.host.read_only)
            self.recommendation.addButton(radio, index)
            radio.installEventFilter(self)
            definition = words.definition(value.value)
            if definition:  # the bank's words for this team, beside the choice
                radio.setAccessibleDescription(definition)
                choice = QVBoxLayout()
                choice.setSpacing(2)
                choice.addWidget(radio)
                label = wrapped(definition, "hint", selectable=False)
                label.setObjectName(f"recommendationDefinition-{value.value}")
                label.setMaximumWidth(260)
                choice.addWidget(label)
                choice.addStretch(1)
                row.addLayout(choice, 1)
            else:
                row.addWidget(radio)
            self.inputs.append(radio)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.setEnabled(not self.host.read_only)
            shortcut.activated.connect(radio.click)
            self.shortcuts.append(shortcut)
        row.addStretch(1)
        self.recommendation.idClicked.connect(self._recommend)
        return row

    #: the arrows that choose the recommendation before (←, ↑) or after (→, ↓) the focused one
    ARROWS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """An arrow on a recommendation chooses the one before or after it
        (Qt's radio buttons only move the focus while none is chosen yet)."""
        buttons = sorted(self.recommendation.buttons(), key=self.recommendation.id)
        if (event.type() == QEvent.Type.KeyPress and watched in buttons and event.key() in self.ARROWS
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)):
            if not self.host.read_only:
                index = max(0, min(len(buttons) - 1, buttons.index(watched) + self.ARROWS[event.key()]))
                buttons[index].setFocus(Qt.FocusReason.TabFocusReason)
                if not buttons[index].isChecked():
                    buttons[index].click()
            return True
        return super().eventFilter(watched, event)

    def first_input(self):  # noqa: ANN201 - QWidget | None, as the base
        """The chosen recommendation, else the first one (Strong No)."""
        checked = self.recommendation.checkedButton()
        return checked if checked is not None else super().first_input()

    def _departure(self) -> QFrame:
        """The warning shown while the recommendation departs from the
        computed score (or hires despite a red flag), with the box for the
        written reason (autosaved like the takeaways)."""
        box = QFrame()
        box.setObjectName("departureBox")
        boxed(box, "#fff7ed", "#fdba74", "#ea580c")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(6)
        self.departure_title = wrapped("", "departureTitle", selectable=False)
        self.departure_title.setStyleSheet(f"color: {RED}; font-weight: 600;")
        self.departure_text = wrapped("", "departureText")
        label = wrapped("Reason for departing from the computed score", "anchorTitle", selectable=False)
        self.departure_reason = notes_edit(self.interview.assessment.departure_reason,
                                           "What the ratings do not show: why this recommendation all the same "
                                           "(the report prints it)", "departureReason", 70)
        self.departure_reason.setReadOnly(self.host.read_only)
        label.setBuddy(self.departure_reason)
        self.host.autosave(self.departure_reason, self._save_reason)
        for widget in (self.departure_title, self.departure_text, label, self.departure_reason):
            layout.addWidget(widget)
        self.departure_box = box
        self.refresh_departure()
        return box

    def _save_reason(self, text: str) -> None:
        self.interview.set_departure_reason(text)
        self.refresh_departure()
        self.refresh_submit()

    def refresh_departure(self) -> None:
        """Show the departure warning for the recommendation as it is now;
        hidden when the recommendation follows the computed score and no
        reason was written."""
        reasons = self.interview.departures()
        written = self.interview.assessment.departure_reason.strip()
        self.departure_title.setText(
            "⚠  This recommendation departs from the computed score: write why"
            if reasons and not self.host.read_only and not written
            else "⚠  This recommendation departs from the computed score" if reasons
            else "The recommendation now follows the computed score; the reason written is kept")
        self.departure_text.setText("\n".join(f"•  {r[:1].upper()}{r[1:]}." for r in reasons))
        self.departure_text.setVisible(bool(reasons))
        self.departure_box.setVisible(bool(reasons or written))

    def _recommend(self, index: int) -> None:
        self.host.save(self.interview.set_recommendation, RECOMMENDATIONS[index])
        self.refresh_departure()
        self.refresh_submit()

    def notes_box(self) -> QPlainTextEdit:
        edit = notes_edit(self.interview.assessment.takeaways,
                          "Strengths, gaps, what the next interviewer should probe…", "takeaways", 100)
        edit.setAccessibleName("Key takeaways")
        edit.setReadOnly(self.host.read_only)
        self.host.autosave(edit, self.interview.set_takeaways)
        return edit

    def refresh_submit(self) -> None:
        """Enable Submit once nothing is missing; say what is missing."""
        assessment = self.interview.assessment
        if assessment.is_submitted:
            self.export_button.setProperty("role", "primary")
            repolish(self.export_button)
            self.submit_button.setEnabled(False)
            self.submit_button.setText("Submitted")
            self.submit_message.setText("")
            return
        missing = self.interview.missing_for_submit()
        self.submit_button.setEnabled(not missing)
        self.submit_message.setText("Before submitting, set " + " and ".join(missing) + "." if missing else "")
        self.submit_button.setToolTip(plain_tip(self.submit_message.text() or "Submit and seal the assessment"))
        repolish(self.submit_button)


def _table(name: str, accessible: str, headers: list[str], rows: list[tuple[str, ...]]) -> QTableWidget:
    """A read-only table of ``rows`` under ``headers``, as tall as its rows
    (the first column stretches, the others fit their text)."""
    table = QTableWidget(len(rows), len(headers))
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(30)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for col in range(1, len(headers)):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    for row, cells in enumerate(rows):
        for col, text in enumerate(cells):
            table.setItem(row, col, QTableWidgetItem(text))
    height = header.sizeHint().height() + 4 + table.verticalHeader().defaultSectionSize() * table.rowCount()
    table.setFixedHeight(height)
    return table

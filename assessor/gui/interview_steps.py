"""Moving through an interview: the sidebar of steps (no type-ahead:
docs/keyboard.md), Previous / Next and the primary button's bar, going
to a step (saving what is typed first) and the page shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem

from ..domain import Step, StepKind
from ..domain import progress as step_progress
from .pages import PAGES, Page
from .summary import SummaryPage


STEP_ROLE = Qt.ItemDataRole.UserRole


class StepTree(QTreeWidget):
    """The sidebar of sections and steps.  It has no type-ahead: a letter
    typed while it has focus never jumps to a step (a note beginning
    "Clear…" once went to another step and was lost; docs/keyboard.md).
    Mouse and arrow keys still move between steps."""

    def keyboardSearch(self, search: str) -> None:  # noqa: N802 - Qt API
        """Ignore ``search``: no step is found by typing its title."""


class StepsMixin:
    """The navigation of :class:`~assessor.gui.interview_view.InterviewView`: its
    sidebar, its Previous / Next bar and the step shown."""

    def _nav(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("navBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(28, 8, 28, 12)
        self.prev_button = QPushButton("←  Previous")
        self.prev_button.setObjectName("previousButton")
        self.prev_button.setToolTip("Previous step (Alt+Left, Ctrl+PgUp)")
        self.prev_button.clicked.connect(self.previous)
        self.step_label = QLabel()
        self.step_label.setObjectName("stepIndicator")
        self.step_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_button = QPushButton("Next  →")
        self.next_button.setObjectName("nextButton")
        self.next_button.setProperty("role", "primary")
        self.next_button.setToolTip("Next step (Alt+Right, Ctrl+PgDown)")
        self.next_button.clicked.connect(self.primary)
        for button in (self.prev_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setMinimumWidth(120)
        row.addWidget(self.prev_button)
        row.addWidget(self.step_label, 1)
        row.addWidget(self.next_button)
        return bar

    def _fill_tree(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        sections: dict[object, QTreeWidgetItem] = {}
        for i, step in enumerate(self.steps):
            parent = sections.get(step.section)
            if parent is None:
                parent = sections[step.section] = QTreeWidgetItem(
                    self.tree, [self.interview.assessment.kit.section_title(step.section), ""])
                parent.setData(0, STEP_ROLE, i)
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                parent.setFont(1, font)
            if step.kind is StepKind.SUMMARY:
                continue
            child = QTreeWidgetItem(parent, [step.title, ""])
            child.setData(0, STEP_ROLE, i)
            child.setToolTip(0, step.title)
        self.tree.expandAll()
        self.tree.blockSignals(False)
        self._refresh_progress()

    def _refresh_progress(self) -> None:
        if self.interview is None:
            return
        counts = self.interview.progress()
        assessment = self.interview.assessment
        for top in range(self.tree.topLevelItemCount()):
            section_item = self.tree.topLevelItem(top)
            first = self.steps[section_item.data(0, STEP_ROLE)]
            done, total = counts.get(first.section, (0, 0))
            section_item.setText(1, f"{done}/{total}" if total else "")
            for c in range(section_item.childCount()):
                child = section_item.child(c)
                step = self.steps[child.data(0, STEP_ROLE)]
                d, t = step_progress(assessment, [step]).get(step.section, (0, 0))
                child.setText(1, "✓" if t and d == t else (f"{d}/{t}" if d else ""))
        self._select_current()

    def _select_current(self) -> None:
        self.tree.blockSignals(True)
        for item in self._tree_items():
            if item.data(0, STEP_ROLE) == self.index and (item.parent() or self.steps[self.index].kind
                                                          is StepKind.SUMMARY):
                self.tree.setCurrentItem(item)
        self.tree.blockSignals(False)

    def _tree_items(self) -> list[QTreeWidgetItem]:
        items = []
        for top in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(top)
            items.append(item)
            items += [item.child(c) for c in range(item.childCount())]
        return items

    def _tree_clicked(self, item: QTreeWidgetItem) -> None:
        index = item.data(0, STEP_ROLE)
        if index is not None and index != self.index:
            self.go_to(index)

    def _tree_moved(self, item: QTreeWidgetItem) -> None:
        """The current item changed: by the mouse (focus goes to the page,
        like any arrival) or by the arrow keys in the sidebar (focus stays
        there, so the arrows keep walking the steps)."""
        index = item.data(0, STEP_ROLE)
        if index is not None and index != self.index:
            by_keys = self.tree.hasFocus() and QApplication.mouseButtons() == Qt.MouseButton.NoButton
            self.go_to(index, focus_page=not by_keys)

    # -- moving ---------------------------------------------------------------

    def next(self) -> None:
        """Go to the next step (if any)."""
        if self.interview and self.index + 1 < len(self.steps):
            self.go_to(self.index + 1)

    def previous(self) -> None:
        """Go to the previous step (if any)."""
        if self.interview and self.index > 0:
            self.go_to(self.index - 1)

    def primary(self) -> None:
        """The primary button (Ctrl+Enter): Next, or on the last step
        "Submit scorecard" (which asks first, see :meth:`submit`)."""
        if self.interview is None or not self.steps:
            return
        if self.index + 1 < len(self.steps):
            self.next()
        else:
            self.submit()

    def go_to(self, index: int, focus_page: bool = True) -> None:
        """Save typed text, then show step ``index`` and remember it.

        Keyboard focus goes to the step's first input
        (:meth:`~assessor.gui.pages.Page.first_input`: a question's Notes
        box, the first flag, the summary's recommendation), so typed letters
        land in the page and never in the sidebar (docs/keyboard.md);
        ``focus_page=False`` leaves it in the sidebar (arrow keys there)."""
        if self.interview is None or not self.steps:
            return
        self._in_go_to = True
        try:
            self.flush()
        finally:
            self._in_go_to = False
        self._drop_page()
        self.index = max(0, min(index, len(self.steps) - 1))
        step = self.steps[self.index]
        page_type = SummaryPage if step.kind is StepKind.SUMMARY else PAGES[step.kind]
        self.resume_panel.setVisible(step.kind is StepKind.FLAGS and self.resume_panel.resume is not None)
        self.page = page_type(self, step)
        self.page.show_amendments()
        self.scroll.setWidget(self.page)
        self.scroll.verticalScrollBar().setValue(0)
        if not self.read_only:
            self._call(self.interview.set_position, step.key)
        # The panel notice in full on the first step of this visit and on
        # the summary; a one-line reminder on the steps between.
        self._steps_seen += 1
        self.panel_banner.set_compact(self._steps_seen > 1 and step.kind is not StepKind.SUMMARY)
        self.clock.show_step(self.interview.assessment, step, running=not self.read_only)
        self.step_label.setText(f"Step {self.index + 1} of {len(self.steps)}")
        self.prev_button.setEnabled(self.index > 0)
        self._refresh_primary()
        self._select_current()
        first = self.page.first_input() if focus_page else None
        if first is not None:
            self.scroll.ensureWidgetVisible(first, 10, 10)
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            # again once the new page is laid out: its rows settle after this
            # (the summary's recommendation was left half under the edge)
            page = self.page
            QTimer.singleShot(0, lambda: self._keep_visible(page, first))
        elif focus_page:
            self.scroll.setFocus(Qt.FocusReason.OtherFocusReason)
        self.step_changed.emit(step.key)

    def _keep_visible(self, page, widget) -> None:  # noqa: ANN001 - the page and its first input
        """Scroll ``widget`` of ``page`` into view, if that page is still shown."""
        if self.page is page and self.scroll.widget() is page:
            self.scroll.ensureWidgetVisible(widget, 10, 10)

    def _drop_page(self) -> None:
        self._autosaves = []
        page = self.scroll.takeWidget()
        if page is not None:
            if isinstance(page, Page):
                page.release()
            page.hide()
            page.deleteLater()
        self.page = None

    def current_step(self) -> Step | None:
        """The step shown, if an interview is open."""
        return self.steps[self.index] if self.interview and self.steps else None

"""The main window: the candidate list and the interview in a stack, the
menus and toolbar, the status bar's "Saved".

Shown first, filled after: at start :func:`assessor.gui.app.run` makes a
``MainWindow()`` without a workspace and shows it at once (title, size,
its menus' titles and "Opening…"), then hands it the workspace from the
event loop with :meth:`MainWindow.attach`.  Nothing at this module's top
imports the services, the database layer or the pages: they load in
:meth:`~MainWindow.attach`, after the first frame (``docs/performance.md``).
``MainWindow(ws)`` builds everything at once, as the tests do.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QMainWindow, QStackedWidget, QToolBar

from . import message
from .screen import fit_to_screen, restore_state

if TYPE_CHECKING:
    from ..domain import Candidate, InterviewKit
    from ..services import Workspace
    from .bank_editor import BankEditor
    from .debrief_view import DebriefDialog
    from .dialogs import ReferenceDialog

#: the menus, in order (their actions are added when the workspace is attached)
MENUS = ("&Candidates", "&Interview", "&Banks", "&Data", "&Help")


def settings() -> QSettings:
    """What older versions kept in QSettings, read once to move it into
    :class:`assessor.services.Preferences` (the windows' geometry and
    state are kept by :func:`assessor.gui.screen.fit_to_screen`)."""
    return QSettings("Assessor", "Assessor")


class MainWindow(QMainWindow):
    """See the module docstring.  ``ws``: the workspace, or ``None`` to
    show the window before it is opened (then call :meth:`attach`).
    ``interviewer`` overrides the saved name."""

    def __init__(self, ws: Workspace | None = None, interviewer: str | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Assessor")
        fit_to_screen(self, 1280, 720, remember="main")  # the last run's size and place, on this screen
        self.setMinimumSize(960, 600)
        self.ws: Workspace | None = None
        self.settings = settings()
        self._interviewer = interviewer  # None: the name in Preferences
        self._closing = False  # set once the worker is idle and the window may close
        self.references: dict[str, ReferenceDialog] = {}
        self.menus = {title: self.menuBar().addMenu(title) for title in MENUS}
        self.toolbar = QToolBar("Main")
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)
        restore_state(self, "main")
        self.save_label = QLabel()
        self.save_label.setObjectName("saveStatus")
        self.statusBar().setObjectName("statusBar")
        self.statusBar().addPermanentWidget(self.save_label)
        if ws is None:
            for menu in self.menus.values():
                menu.setEnabled(False)  # nothing to do until the workspace is attached
            opening = QLabel("Opening the database…")
            opening.setObjectName("opening")
            opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.setCentralWidget(opening)
        else:
            self.attach(ws)

    def attach(self, ws: Workspace) -> None:
        """Fill the window with the workspace ``ws``: the candidate list,
        the interview pages, the menus' actions and the toolbar.  Called
        once (by ``__init__`` when given a workspace)."""
        from .bank_notice import failed_banks_message
        from .candidates import CandidateListView
        from .data_menu import install_data_menu
        from .resume_menu import install_resume_actions
        from .exporting import ExportController
        from .interview_view import InterviewView
        from .ops import Ops
        from .save_guard import SaveGuard

        self.ws = ws
        if isinstance(getattr(self, "ops", None), Ops):  # made by app.run to open the workspace
            self.ops.serialise(ws)
        else:
            self.ops = Ops(ws, self)  # the one database worker; ws.store is serialised from here on
        for menu in self.menus.values():
            menu.setEnabled(True)
        self._adopt_saved_interviewer()
        self.candidates = CandidateListView(ws)
        self.view = InterviewView()
        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")
        self.stack.addWidget(self.candidates)
        self.stack.addWidget(self.view)
        self.setCentralWidget(self.stack)
        self.exporter = ExportController(self, ws)

        self._make_actions()
        self.data_menu = install_data_menu(self)
        self.resume_actions = install_resume_actions(self)  # Candidates ▸ Attach resume… (gui/resume_menu.py)
        self.save_guard = SaveGuard(self, self.view)
        self.candidates.open_requested.connect(self.open_candidate)
        self.candidates.selection_changed.connect(self._update_actions)
        self.candidates.new_button.clicked.connect(self.new_candidate)
        self.candidates.export_button.clicked.connect(self.export_report)
        self.candidates.debrief_button.clicked.connect(lambda: self.show_debrief())
        self.candidates.interviewer = lambda: self.interviewer
        self.candidates.refresh()
        self.view.saved.connect(self._saved)
        self.view.export_requested.connect(lambda _cid: self.export_report())
        self.view.submitted.connect(self._update_actions)
        self.view.debrief_requested.connect(self.show_debrief)
        for signal in (self.view.submitted, self.view.amended):  # the views that show it follow
            signal.connect(self._assessment_changed)
        self.ops.sig_changed.connect(self._on_changed)
        self.debrief: DebriefDialog | None = None
        self._update_actions()
        self.candidates.table.setFocus()
        from ..services.in_progress import place_to_return_to

        self.ops.run(place_to_return_to, ws, self.interviewer, on_success=self._return_to,
                     on_failure=lambda _text: None)  # no place to return to: the list, as on a first start
        self.bank_editor: BankEditor | None = None
        self.preview = self.comparison = self.calibration = None  # the hiring manager's views, made when opened
        if failed_banks_message(ws):
            self.statusBar().showMessage(failed_banks_message(ws), 15000)

    # -- change notices -------------------------------------------------------

    def _assessment_changed(self) -> None:
        """The open interview was submitted or amended: announce it."""
        from .ops import Changes

        if self.view.interview is not None:
            self.ops.notify(Changes(assessment_id=self.view.interview.assessment.id))

    def _on_changed(self, changes) -> None:  # noqa: ANN001 - an ops.Changes
        """The candidate list follows a change notice (unless an interview is open)."""
        if (changes.candidates or changes.preferences) and not self._in_interview():
            self.candidates.refresh(select_id=changes.candidate_id)

    # -- actions --------------------------------------------------------------

    def _action(self, name: str, text: str, keys: list[str], slot, tip: str = "") -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        shown = ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        action.setToolTip(f"{tip or text.rstrip('…')} ({shown})" if keys else (tip or text))
        action.setStatusTip(tip or text.rstrip("…"))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        a = self._action
        self.act_new = a("actionNewCandidate", "&New candidate…", ["Ctrl+N"], self.new_candidate)
        self.act_start = a("actionStartInterview", "&Start / resume interview", ["Ctrl+O", "Return", "Enter"],
                           self.candidates.open_current, "Start or resume the selected candidate's interview")
        self.act_export = a("actionExportReport", "&Export report…", ["Ctrl+E"], self.export_report,
                            "Export the candidate's PDF report")
        self.act_export_all = a("actionExportAll", "Export &all reports…", ["Ctrl+Shift+E"], self.export_all,
                                "Export the report of every interviewed candidate")
        self.act_export_selected = a("actionExportSelected", "Export se&lected reports…", [], self.export_selected,
                                     "Export the reports of the candidates selected in the list")
        self.act_preview = a("actionPreviewReport", "Pre&view report…", [], self.preview_report,
                             "Read the candidate's PDF report in the window before saving it")
        self.act_compare = a("actionCompareCandidates", "&Compare candidates…", [], self.show_comparison,
                             "The candidates of one role side by side, sortable, as PDF or CSV")
        self.act_calibration = a("actionCalibration", "Interviewer cali&bration…", [], self.show_calibration,
                                 "Each interviewer's ratings against everyone's on the same questions")
        self.act_find = a("actionFind", "&Find candidate", ["Ctrl+F"], self._focus_search)
        self.act_interviewer = a("actionInterviewer", "Interviewer &name…", [], self.ask_interviewer)
        self.act_debrief = a("actionDebrief", "&Debrief…", ["Ctrl+D"], self.show_debrief,
                             "The panel's ratings side by side, once your own assessment is submitted")
        self.act_quit = a("actionQuit", "&Quit", ["Ctrl+Q"], self.close)
        self.act_back = a("actionBack", "&Back to candidates", ["Ctrl+W"], self.back_to_list)
        self.act_prev = a("actionPrevious", "&Previous step", ["Alt+Left", "Ctrl+PgUp"], self.view.previous)
        self.act_next = a("actionNext", "Ne&xt step", ["Alt+Right", "Ctrl+PgDown"], self.view.next)
        self.act_primary = a("actionPrimary", "Next step or s&ubmit", ["Ctrl+Return", "Ctrl+Enter"],
                             self.view.primary, "Next step; on the last step, submit the scorecard (asks first)")
        self.act_briefing = a("actionBriefing", "&Briefing", ["F1"], lambda: self.show_reference("briefing"),
                              "Read the role's briefing")
        self.act_glossary = a("actionGlossary", "&Glossary", ["F2"], lambda: self.show_reference("glossary"),
                              "Technical terms explained")
        self.act_tips = a("actionTips", "Interviewer &tips", ["F3"], lambda: self.show_reference("tips"),
                          "Common hiring mistakes and their fixes")

        menu = self.menus["&Candidates"]
        for action in (self.act_new, self.act_start, self.act_debrief, self.act_find, None, self.act_export,
                       self.act_export_all,
                       self.act_export_selected, self.act_preview, None, self.act_compare, self.act_calibration,
                       None, self.act_interviewer, None, self.act_quit):
            menu.addSeparator() if action is None else menu.addAction(action)
        menu = self.menus["&Interview"]
        for action in (self.act_prev, self.act_next, self.act_primary, None, self.act_back):
            menu.addSeparator() if action is None else menu.addAction(action)
        menu = self.menus["&Banks"]
        self.act_banks = a("actionQuestionBanks", "&Question banks…", ["Ctrl+B"], self.show_bank_editor,
                           "Browse and edit the roles' question banks")
        menu.addAction(self.act_banks)
        menu = self.menus["&Help"]
        for action in (self.act_briefing, self.act_glossary, self.act_tips):
            menu.addAction(action)
        menu.addSeparator()
        self.act_about = a("actionAbout", "&About Assessor", [], self.show_about, "Version and licences")
        menu.addAction(self.act_about)

        toolbar = self.toolbar
        for action in (self.act_back, self.act_new, self.act_start, None, self.act_export, self.act_export_all,
                       None, self.act_briefing, self.act_glossary, self.act_tips):
            toolbar.addSeparator() if action is None else toolbar.addAction(action)

    def _in_interview(self) -> bool:
        return self.stack.currentWidget() is self.view

    def _update_actions(self) -> None:
        interviewing = self._in_interview()
        row = self.candidates.current()
        for action in (self.act_new, self.act_find, self.act_export_all):
            action.setEnabled(not interviewing)
        self.act_start.setEnabled(not interviewing and row is not None)
        self.act_start.setText(f"&{self.candidates.start_button.text()}" if row else "&Start interview")
        self.act_export.setEnabled(interviewing or (row is not None and row.assessment_id is not None))
        self.act_debrief.setEnabled(interviewing or (row is not None and row.assessment_id is not None))
        self.act_interviewer.setEnabled(not interviewing)  # the open scorecard is the interviewer's own
        self.act_export_selected.setEnabled(not interviewing and row is not None)
        self.act_preview.setEnabled(interviewing or (row is not None and row.assessment_id is not None))
        for action in (self.act_back, self.act_prev, self.act_next, self.act_primary):
            action.setEnabled(interviewing)
        # The toolbar shows what applies to the page on screen.
        self.act_back.setVisible(interviewing)
        for action in (self.act_new, self.act_start, self.act_export_all):
            action.setVisible(not interviewing)

    def _focus_search(self) -> None:
        self.candidates.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.candidates.search.selectAll()

    def _saved(self, message: str) -> None:
        self.save_label.setText(f"✓ {message} {time.strftime('%H:%M:%S')}")

    # -- candidates -----------------------------------------------------------

    def new_candidate(self) -> None:
        """Ask for a new candidate and select them in the list."""
        from .dialogs import NewCandidateDialog

        role = self.candidates.current().candidate.role_id if self.candidates.current() else None
        dialog = NewCandidateDialog(self.ws, self, role)
        if dialog.exec() and dialog.candidate is not None:
            from .ops import Changes

            self.candidates.search.clear()
            self.ops.notify(Changes(candidates=True, candidate_id=dialog.candidate.id))  # the list follows
            self.candidates.table.setFocus()
            self.statusBar().showMessage(f"Added {dialog.candidate.name}", 4000)

    @property
    def interviewer(self) -> str:
        """The user's name as an interviewer: the one given to the window,
        else the one in Preferences (each interviewer of a panel opens an
        assessment of their own)."""
        return self._interviewer if self._interviewer is not None else self.ws.prefs.interviewer

    @interviewer.setter
    def interviewer(self, name: str) -> None:
        self._interviewer = name

    def _adopt_saved_interviewer(self) -> None:
        """Move what older versions kept in QSettings into Preferences, once:
        the interviewer's name (when Preferences has none), the export
        folder, the bank changes already asked about.  QSettings keeps only
        the window's geometry and state."""
        from ..services import AssessorError, update_preferences

        prefs = self.ws.prefs
        old = str(self.settings.value("interviewer", "") or "").strip()
        changes: dict = {}
        if old and not prefs.interviewer and self._interviewer is None:
            changes["interviewer"] = old[:200]
        folder = str(self.settings.value("export_dir", "") or "")
        if folder and not prefs.export_folder:
            changes["export_folder"] = folder
        self.settings.beginGroup("bankNotice")
        seen = [f"{key}" for key in self.settings.childKeys()]
        self.settings.endGroup()
        if seen:
            changes["bank_changes_seen"] = (prefs.bank_changes_seen + seen)[-1000:]
        if not changes:
            return
        try:
            update_preferences(self.ws, prefs.model_copy(update=changes))
        except AssessorError:
            if self._interviewer is None and old:
                self._interviewer = old  # used now; moved at a later start
            return
        for key in ("interviewer", "export_dir", "bankNotice"):
            self.settings.remove(key)

    def ask_interviewer(self) -> bool:
        """Ask for the interviewer's name and keep it in Preferences.
        Returns False when cancelled or left blank."""
        from ..services import AssessorError, update_preferences

        name, ok = QInputDialog.getText(self, "Interviewer", "Your name, as the panel and the reports show it:",
                                        QLineEdit.EchoMode.Normal, self.interviewer)
        name = " ".join(name.split())[:200]
        if not (ok and name):
            return False
        try:
            update_preferences(self.ws, self.ws.prefs.model_copy(update={"interviewer": name}))
            self._interviewer = None
        except AssessorError as exc:
            self._interviewer = name  # used for this session
            message.warning(self, "Interviewer", f"Your name is used until Assessor closes, but {exc}.")
        self.statusBar().showMessage(f"Interviewing as {name}", 4000)
        from .ops import Changes

        self.ops.notify(Changes(preferences=True))  # Start / Resume / Open say what opens for this interviewer
        return True

    def open_candidate(self, candidate_id: int) -> None:
        """Start or resume the candidate's interview."""
        from ..services import AssessorError, open_interview
        from .bank_notice import ask_bank_version

        row = self.candidates.current()
        new = row is None or row.candidate.id != candidate_id or row.assessment_id is None
        if not self.interviewer.strip() and not self.ask_interviewer():
            return  # no blank identity ever opens a scorecard (the service refuses one too)
        from ..services.signing_keys import KeyLost

        try:
            try:
                interview = open_interview(self.ws, candidate_id, self.interviewer)
            except KeyLost as exc:
                if not self.offer_new_key(str(exc)):
                    return
                interview = open_interview(self.ws, candidate_id, self.interviewer)
        except AssessorError as exc:
            message.warning(self, "Cannot open the interview", str(exc))
            return
        interview = ask_bank_version(self, self.ws, interview)
        self.save_label.clear()
        self.stack.setCurrentWidget(self.view)
        self.view.open(interview)
        self.setWindowTitle(f"{interview.assessment.candidate.name} — Assessor")
        self._update_actions()

    def offer_new_key(self, problem: str) -> bool:
        """This account's signing key is lost or damaged: say so and offer
        a new one (``services.signing_keys.rotate_own_key``: the old key is
        retired, what it signed before still verifies).  True when a new
        key was made."""
        from ..domain import show_fingerprint
        from ..services import AssessorError
        from ..services.signing_keys import rotate_own_key

        choices = (message.Choice("rotate", "Make a new key", message.ACCEPT, name="makeNewKey"),
                   message.Choice("cancel", "Cancel", message.REJECT, name="keepNoKey"))
        answer = message.ask(self, "Your signing key is missing", problem.split(". Run ")[0] + ".", choices,
                             kind="warning", default="rotate", escape="cancel", name="keyLostNotice",
                             informative="A new key signs your scorecards from now on; the old one is retired. "
                                         "What it signed before still verifies for everyone else.")
        if answer != "rotate":
            return False
        try:
            new, _ = rotate_own_key(self.ws, self.interviewer)
        except AssessorError as exc:
            message.warning(self, "Cannot make a new key", str(exc))
            return False
        self.statusBar().showMessage(f"New signing key {show_fingerprint(new.fingerprint)}", 8000)
        return True

    def back_to_list(self) -> None:
        """Save what is typed and show the candidate list."""
        if not self._in_interview():
            return
        self.view.flush()
        if not self.save_guard.confirm_leave():
            return
        current = self.view.interview.assessment.candidate.id if self.view.interview else None
        self.view.leave()
        self.stack.setCurrentWidget(self.candidates)
        self.setWindowTitle("Assessor")
        from .ops import Changes

        # the interview's ratings changed the list's status and recommendation columns
        self.ops.notify(Changes(candidates=True, candidate_id=current))
        self.candidates.table.setFocus()
        self._update_actions()

    # -- export and reference ---------------------------------------------------

    def _target_candidate(self, need_assessment: bool = True) -> Candidate | None:
        """The candidate a report, preview or debrief is for: the open
        interview's (what is typed is saved first), else the one selected
        in the list; ``None`` when there is none or, with
        ``need_assessment``, when the selected one has no assessment yet."""
        if self._in_interview() and self.view.interview is not None:
            self.view.flush()
            return self.view.interview.assessment.candidate
        row = self.candidates.current()
        if row is None or (need_assessment and row.assessment_id is None):
            return None
        return row.candidate

    def export_report(self) -> None:
        """Export the open (or selected) candidate's report."""
        from ..domain import Visibility
        from .wording import visibility_text

        candidate = self._target_candidate()
        if candidate is None:
            return
        if self.scores_hidden(candidate.id):  # the report would show the others' ratings
            message.info(self, "Export report", "Not now: the report shows the panel's ratings. "
                         + visibility_text(Visibility.HIDDEN_UNTIL_YOU_SUBMIT))
            return
        self.exporter.export_one(candidate.id, candidate.name)

    def scores_hidden(self, candidate_id: int) -> bool:
        """True while your own assessment of the candidate is a draft and
        other interviewers assessed them too (independent scoring: see
        :func:`assessor.services.panel.panel_view`)."""
        from ..services import AssessorError
        from ..services.panel import panel_view

        try:
            view = panel_view(self.ws, candidate_id, self.interviewer)
        except AssessorError:
            return False
        return view.scores_hidden

    def export_all(self) -> None:
        """Export every interviewed candidate's report into a folder."""
        self.exporter.export_everything()

    def export_selected(self) -> None:
        """Export the reports of the candidates selected in the list into a folder."""
        if not self._in_interview():
            self.exporter.export_selected(self.candidates.selected_ids())

    # -- the hiring manager's views (imported when first opened: Qt PDF loads then) --

    def preview_report(self):  # noqa: ANN201 - a gui.preview.PreviewDialog or None
        """Candidates ▸ Preview report: the open (or selected) candidate's report in a PDF view."""
        from .preview import PreviewDialog

        candidate = self._target_candidate()
        if candidate is None:
            return None
        if self.preview is not None:
            self.preview.close()
            self.preview.deleteLater()
        self.preview = PreviewDialog(self.ws, candidate, self, viewer=self.interviewer)
        self.preview.show()
        return self.preview

    def show_comparison(self):  # noqa: ANN201 - a gui.comparison_view.ComparisonDialog
        """Candidates ▸ Compare candidates (non-modal), on the selected candidate's role."""
        from .comparison_view import ComparisonDialog

        row = self.candidates.current()
        if self.comparison is None:
            self.comparison = ComparisonDialog(self.ws, self, row.candidate.role_id if row else None)
            self.comparison.candidate_activated.connect(self._compared_candidate)
        else:
            self.comparison.refresh()
        self.comparison.show()
        self.comparison.raise_()
        return self.comparison

    def _compared_candidate(self, candidate_id: int) -> None:
        if not self._in_interview():
            self.candidates.search.clear()
            self.candidates.refresh(select_id=candidate_id)
            if self.candidates.current_id() == candidate_id:
                self.preview_report()

    def show_calibration(self):  # noqa: ANN201 - a gui.calibration_view.CalibrationDialog
        """Candidates ▸ Interviewer calibration (non-modal)."""
        from .calibration_view import CalibrationDialog

        if self.calibration is None:
            self.calibration = CalibrationDialog(self.ws, self)
        else:
            self.calibration.refresh()
        self.calibration.show()
        self.calibration.raise_()
        return self.calibration

    def show_debrief(self, candidate_id: int | None = None) -> DebriefDialog | None:
        """Candidates ▸ Debrief: the panel of the open (or selected)
        candidate side by side (non-modal); while your own assessment is a
        draft it says why nothing is shown."""
        if not isinstance(candidate_id, int) or isinstance(candidate_id, bool):
            candidate_id = None
        candidate = self._target_candidate(need_assessment=False)
        if candidate is None:
            return None
        if candidate_id is not None and candidate_id != candidate.id:
            return None
        if self.debrief is None:
            from .debrief_view import DebriefDialog

            self.debrief = DebriefDialog(self.ws, self)
            self.debrief.export_requested.connect(self._export_debrief)
        self.debrief.show_candidate(candidate.id, self.interviewer, candidate.name)
        self.debrief.show()
        self.debrief.raise_()
        self.debrief.activateWindow()
        return self.debrief

    def _export_debrief(self, candidate_id: int) -> None:
        name = self.debrief.debrief.candidate.name if self.debrief and self.debrief.debrief else ""
        self.exporter.export_one(candidate_id, name)

    def context_kit(self) -> InterviewKit | None:
        """The kit of the open interview, else of the selected candidate's
        role, else the first kit."""
        if self._in_interview() and self.view.interview is not None:
            return self.view.interview.assessment.kit
        row = self.candidates.current()
        if row is not None and row.candidate.role_id in self.ws.kits:
            return self.ws.kits[row.candidate.role_id]
        kits = sorted(self.ws.kits.values(), key=lambda k: k.title.lower())
        return kits[0] if kits else None

    def show_reference(self, kind: str) -> ReferenceDialog | None:
        """Show the briefing, glossary or tips (non-modal)."""
        kit = self.context_kit()
        if kit is None:
            message.info(self, "Assessor", "No interview kit is installed.")
            return None
        dialog = self.references.get(kind)
        if dialog is None:
            from .dialogs import ReferenceDialog

            dialog = self.references[kind] = ReferenceDialog(kind, self)
        dialog.show_kit(kit)
        return dialog

    def show_bank_editor(self) -> BankEditor:
        """Banks ▸ Question banks: the bank editor (non-modal)."""
        if self.bank_editor is None:
            from .bank_editor import BankEditor

            self.bank_editor = BankEditor(self.ws, self)
        self.bank_editor.refresh_roles()
        self.bank_editor.show()
        self.bank_editor.raise_()
        self.bank_editor.activateWindow()
        return self.bank_editor

    def show_about(self) -> None:
        """Help ▸ About: the version and the bundled libraries' licences."""
        from .about import AboutDialog

        AboutDialog(self).exec()

    # -- closing --------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        """Save typed text and let running operations finish: nothing is
        lost.  While the worker finishes (an export cancelled, a backup
        being written), the event loop runs under a progress dialog; the
        window closes once it is idle."""
        if self.ws is None:  # closed while still opening: nothing typed yet
            super().closeEvent(event)
            return
        if self._closing:  # the worker is idle now: close for real
            for dialog in self.references.values():
                dialog.close()
            self._remember_place()
            super().closeEvent(event)
            return
        self.view.flush()
        if not self.save_guard.confirm_leave(closing=True):
            event.ignore()
            return
        if self.ops.busy():
            self.exporter.cancel()  # a batch starts no more reports; those being written finish
            event.ignore()
            self.statusBar().showMessage("Finishing…")
            self.ops.when_idle(self._close_when_idle, "Finishing the work in progress before closing…")
            return
        self._closing = True
        self.closeEvent(event)

    def _remember_place(self) -> None:
        """Note the interview shown (else the candidate selected) for the
        next start (:mod:`assessor.services.in_progress`)."""
        from ..services.in_progress import remember_place

        interview = self.view.interview if self._in_interview() else None
        if interview is not None:
            remember_place(self.ws, interview.assessment.candidate.id, interview.assessment.id)
        else:
            remember_place(self.ws, self.candidates.current_id(), None)

    def _return_to(self, place) -> None:  # noqa: ANN001 - an in_progress.Place
        """Go back where the last run closed: reopen the interviewer's own
        draft (at its step), else select the candidate."""
        if place.candidate_id is None or self._in_interview():
            return
        if place.resume:
            self.open_candidate(place.candidate_id)
        else:
            self.candidates.refresh(select_id=place.candidate_id)

    def _close_when_idle(self) -> None:
        self._closing = True
        self.close()

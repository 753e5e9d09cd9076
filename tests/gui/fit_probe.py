"""Run by ``test_windows_fit_the_screen`` in a process of its own, on an
offscreen screen of the size the test asks for (``QT_QPA_PLATFORM=
offscreen:configfile=…``): opens the main window and every window and
dialog of the app on a demo workspace, shows each, and prints one JSON
line per window: its class, its frame and the screen's available
geometry, in logical pixels.

Usage: ``python -m tests.gui.fit_probe DB [SHOTS_DIR]`` (with a folder, a
PNG of each window is saved there, to look at).
"""

from __future__ import annotations

import json
import sys

from PySide6.QtWidgets import QApplication, QWidget


def windows(ws, window) -> dict:
    """Every window and dialog of the app over ``ws`` (a demo workspace),
    by class name: name → a function that builds it (the main window is
    ``window`` itself). Shared by the screen-fit and the accessibility
    tests."""
    from assessor.gui.about import AboutDialog
    from assessor.gui.amend_dialog import AmendDialog
    from assessor.gui.audit_view import AuditDialog
    from assessor.gui.bank_editor import BankEditor
    from assessor.gui.calibration_view import CalibrationDialog
    from assessor.gui.comparison_view import ComparisonDialog
    from assessor.gui.debrief_view import DebriefDialog
    from assessor.gui.dialogs import NewCandidateDialog, ReferenceDialog
    from assessor.gui.preferences import PreferencesDialog
    from assessor.gui.preview import PreviewDialog
    from assessor.services import list_candidates
    from assessor.services.panel import panel_view

    viewer = window.interviewer
    row = next(r for r in list_candidates(ws) if r.assessment_id is not None)
    submitted = panel_view(ws, row.candidate.id, viewer).visible[0]
    return {
        "MainWindow": lambda: window,
        "NewCandidateDialog": lambda: NewCandidateDialog(ws, window),
        "ReferenceDialog": lambda: ReferenceDialog("glossary", window),
        "PreviewDialog": lambda: PreviewDialog(ws, row.candidate, window, viewer=viewer),
        "ComparisonDialog": lambda: ComparisonDialog(ws, window, row.candidate.role_id),
        "CalibrationDialog": lambda: CalibrationDialog(ws, window),
        "DebriefDialog": lambda: DebriefDialog(ws, window),
        "BankEditor": lambda: BankEditor(ws, window),
        "AboutDialog": lambda: AboutDialog(window),
        "PreferencesDialog": lambda: PreferencesDialog(ws, window),
        "AuditDialog": lambda: AuditDialog(ws, row.candidate.id, window),
        "AmendDialog": lambda: AmendDialog(ws, submitted, viewer, window),
    }


def frames(db: str, shots: str | None = None) -> list[dict]:
    from assessor.gui.main_window import MainWindow
    from assessor.gui.style import apply_style
    from assessor.services import open_workspace

    app = QApplication.instance() or QApplication([])
    apply_style(app)
    ws = open_workspace(db)
    window = MainWindow(ws, interviewer="Probe Manager")
    window.show()
    app.processEvents()
    make = windows(ws, window)
    out = []
    for name, build in make.items():
        widget: QWidget = build()
        widget.show()
        for _ in range(3):
            app.processEvents()
        if shots:
            widget.grab().save(f"{shots}/{name}.png")
        frame = widget.frameGeometry()
        area = widget.screen().availableGeometry()
        out.append({"window": name, "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
                    "available": [area.x(), area.y(), area.width(), area.height()]})
        if widget is not window:
            widget.close()
    window.close()
    ws.close()
    return out


if __name__ == "__main__":
    for line in frames(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None):
        print(json.dumps(line))

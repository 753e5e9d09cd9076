"""The panel banner of the interview page: who else assesses this
candidate, and, while your own assessment is a draft, that their ratings and
recommendations stay hidden until you submit (and why); once you have
submitted, a button to open the debrief.

The banner shows names and counts only, never another interviewer's
ratings or recommendation: what may be seen is decided by
:func:`assessor.services.panel.panel_view`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ..domain import Status
from ..domain import Visibility
from ..services.panel import PanelView
from .widgets import boxed, wrapped
from .wording import visibility_text


def _same(name: str, other: str) -> bool:
    return name.strip().casefold() == other.strip().casefold()


def _names(names: list[str]) -> str:
    shown = [n.strip() or "an unnamed interviewer" for n in names]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def others_of(view: PanelView) -> list[str]:
    """The other interviewers of the panel (distinct names, first seen
    first), as ``view.viewer`` sees them."""
    out: list[str] = []
    for name in view.interviewers:
        if not _same(name, view.viewer) and not any(_same(name, o) for o in out):
            out.append(name)
    return out


def banner_text(view: PanelView, own_status: Status) -> tuple[str, str]:
    """(main line, second line) of the banner for ``view``; ``("", "")``
    when the candidate has no other interviewer.

    While ``own_status`` is a draft: "N other interviewer(s) … hidden until
    you submit" and the reason.  After submitting: how many of the others
    submitted and how many are still drafting."""
    others = others_of(view)
    if not others:
        return "", ""
    n = len(others)
    who = f"{n} other interviewer{'s' if n > 1 else ''} ({_names(others)})"
    if own_status is Status.DRAFT:
        return (f"{who} also assess{'' if n > 1 else 'es'} this candidate — hidden until you submit.",
                visibility_text(view.visibility))
    submitted = [a for a in view.submitted if not _same(a.interviewer, view.viewer)]
    drafts = view.hidden
    parts = [f"{len(submitted)} submitted"]
    if drafts:
        parts.append(f"{drafts} still a draft (not shown until submitted)")
    return f"Panel: {who}; " + ", ".join(parts) + ".", (
        "Compare the ratings side by side in the debrief." if submitted else
        "The debrief shows the others' ratings once they submit.")


def compact_text(view: PanelView, own_status: Status) -> str:
    """The banner in one short line, for the steps after the first: the
    notice is read once per interview, then only reminds."""
    others = others_of(view)
    if not others:
        return ""
    n = len(others)
    if own_status is Status.DRAFT:
        return f"Panel: {n} other interviewer{'s' if n > 1 else ''} — their ratings stay hidden until you submit."
    submitted = [a for a in view.submitted if not _same(a.interviewer, view.viewer)]
    return f"Panel: {len(submitted)} of {n} other{'s' if n > 1 else ''} submitted."


class PanelBanner(QFrame):
    """See the module docstring.  Emits :attr:`debrief_requested` when
    "Open debrief" is clicked."""

    debrief_requested = Signal()
    #: what the viewer may see of the panel shown, as the services decided it
    visibility = Visibility.VISIBLE

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panelBanner")
        self._full: tuple[str, str] = ("", "")
        self._short = ""
        self._compact = False
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 14, 8)
        row.setSpacing(12)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.text = wrapped("", "panelBannerText", selectable=False)
        self.text.setStyleSheet("font-weight: 600;")
        self.reason = wrapped("", "panelBannerReason", selectable=False)
        self.reason.setStyleSheet("color: #4b5563;")
        text.addWidget(self.text)
        text.addWidget(self.reason)
        self.debrief_button = QPushButton("Open debrief")
        self.debrief_button.setObjectName("openDebriefButton")
        self.debrief_button.setToolTip("The panel's ratings side by side (Ctrl+D)")
        self.debrief_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.debrief_button.clicked.connect(self.debrief_requested)
        row.addLayout(text, 1)
        row.addWidget(self.debrief_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_panel(self, view: PanelView | None, own_status: Status) -> None:
        """Show the banner for ``view`` (hidden without other interviewers
        or without a view)."""
        main, second = banner_text(view, own_status) if view is not None else ("", "")
        #: what the viewer may see, as the services decided it (read, never derived here)
        self.visibility = view.visibility if view is not None else Visibility.VISIBLE
        self._full = (main, second)
        self._short = compact_text(view, own_status) if view is not None else ""
        self._apply()
        draft = own_status is Status.DRAFT
        self.debrief_button.setVisible(not draft)
        self.setProperty("hidden_scores", draft)
        if draft:
            boxed(self, "#fef3c7", "#fcd34d", "#d97706")
        else:
            boxed(self, "#ecfdf5", "#6ee7b7", "#059669")
        self.setVisible(bool(main))

    def set_compact(self, compact: bool) -> None:
        """One short line (``True``: a step after the first of this visit,
        not the summary), or the whole notice with its reason."""
        self._compact = compact
        self._apply()

    def _apply(self) -> None:
        main, second = self._full
        compact = self._compact and bool(self._short)
        self.text.setText(self._short if compact else main)
        self.reason.setText(second)
        self.reason.setVisible(bool(second) and not compact)
        self.layout().setContentsMargins(14, 3 if compact else 8, 14, 3 if compact else 8)
        self.setProperty("compact", compact)

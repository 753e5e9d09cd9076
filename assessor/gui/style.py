"""The look of the window: Fusion with a light palette, one accent colour,
readable type, and the green / yellow / red colours of flags.

Everything visual that is not layout lives here, so the pages only set
``objectName`` and dynamic properties (``role="primary"``, ``flag="red"``…)
and the stylesheet does the rest.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory, QStyleOptionHeader, QWidget

ACCENT = "#2563eb"
ACCENT_DARK = "#1d4ed8"
#: the focus ring of a button: dark enough to show on white, on the accent and on a checked flag
FOCUS = "#1e3a8a"
TEXT = "#1f2937"
MUTED = "#6b7280"
BORDER = "#d1d5db"
WINDOW = "#f5f6f8"
GREEN = "#15803d"
GREEN_BG = "#dcfce7"
YELLOW = "#a16207"
YELLOW_BG = "#fef9c3"
RED = "#b91c1c"
RED_BG = "#fee2e2"
BASE_POINT_SIZE = 10.5
#: the app's one icon set: SVGs of Lucide (ISC licence, ``icons/LICENSE-lucide.txt``), crisp at any scale
ICONS = Path(__file__).with_name("icons")


def icon_url(name: str) -> str:
    """``url(…)`` of ``icons/NAME.svg`` for the stylesheet (forward slashes on every system)."""
    return f"url({(ICONS / f'{name}.svg').as_posix()})"


def stylesheet(base: float = BASE_POINT_SIZE) -> str:
    """The stylesheet for an application font of ``base`` points: every
    font size in it is relative to that font (a title is 15/10.5 of it), so
    the titles follow the system's font size instead of staying fixed.
    Sizes are written for the :data:`BASE_POINT_SIZE` font."""

    def size(points: float) -> str:
        return f"{points * base / BASE_POINT_SIZE:.1f}"

    return f"""
QMainWindow, QDialog {{ background: {WINDOW}; }}
QWidget#page, QWidget#candidateListPage, QScrollArea#stepScroll > QWidget > QWidget {{ background: {WINDOW}; }}
QLabel#pageTitle {{ font-size: {size(15)}pt; font-weight: 600; color: {TEXT}; }}
QLabel#prompt {{ font-size: {size(15)}pt; font-weight: 600; color: {TEXT}; }}
QLabel#headerName {{ font-size: {size(16)}pt; font-weight: 600; color: {TEXT}; }}
QLabel#headerMeta, QLabel#hint, QLabel#topic, QLabel#stepIndicator, QLabel#muted {{ color: {MUTED}; }}
QLabel#topic {{ font-weight: 600; text-transform: uppercase; letter-spacing: 1px; }}
QLabel#sectionHeading {{ font-size: {size(12)}pt; font-weight: 600; color: {TEXT}; }}
QLabel#inlineError, QLabel#submitMessage, QLabel#capNote {{ color: {RED}; }}
QLabel#overallScore {{ font-size: {size(18)}pt; font-weight: 700; color: {TEXT}; }}
QLabel#indicatedRecommendation {{ color: #4b5563; font-size: {size(11)}pt; }}

QFrame#header {{ background: white; border-bottom: 1px solid {BORDER}; }}
QFrame#card {{ background: white; border: 1px solid {BORDER}; border-radius: 8px; }}
QFrame#anchorJunior, QFrame#anchorSenior, QFrame#anchorPoint, QFrame#probes, QFrame#scoringRules {{
    background: white; border: 1px solid {BORDER}; border-radius: 8px; }}
QFrame#anchorPoint {{ border-left: 4px solid #93c5fd; }}
QLabel#mustHave {{ color: {RED}; font-weight: 600; }}
QLabel#bankIssueError {{ color: {RED}; }}
QLabel#bankIssueWarning {{ color: {YELLOW}; }}
QFrame#bankChangedBanner {{ background: {YELLOW_BG}; border: 1px solid #fde047; border-radius: 6px; }}
QFrame#anchorJunior {{ border-left: 4px solid #94a3b8; }}
QFrame#anchorSenior {{ border-left: 4px solid {ACCENT}; }}
QLabel#anchorTitle {{ font-weight: 600; color: {MUTED}; }}
QLabel#anchorMeaning {{ color: {MUTED}; }}
QFrame#anchorJunior[chosen="true"], QFrame#anchorSenior[chosen="true"], QFrame#anchorPoint[chosen="true"] {{
    background: #eff6ff; border: 2px solid {ACCENT}; border-left: 4px solid {ACCENT}; }}
QFrame[chosen="true"] QLabel#anchorMeaning {{ color: {TEXT}; }}
QFrame#readOnlyBanner {{ background: #e0e7ff; border: 1px solid #a5b4fc; border-radius: 6px; }}
QFrame#redFlagsBox {{ background: {RED_BG}; border: 1px solid #fca5a5; border-radius: 8px; }}
QLabel#redFlagsTitle, QLabel#redFlagItem {{ color: {RED}; font-weight: 600; }}

QFrame[flag="green"] {{ background: white; border: 1px solid {BORDER}; border-left: 4px solid {GREEN};
    border-radius: 6px; }}
QFrame[flag="yellow"] {{ background: white; border: 1px solid {BORDER}; border-left: 4px solid #eab308;
    border-radius: 6px; }}
QLabel[tone="green"] {{ color: {GREEN}; font-weight: 600; border: none; }}
QLabel[tone="yellow"] {{ color: {YELLOW}; font-weight: 600; border: none; }}
QCheckBox[flag="red"] {{ color: {RED}; font-weight: 600; }}
QFrame#redFlagRow {{ background: {RED_BG}; border: 1px solid #fca5a5; border-radius: 6px; }}

QTreeWidget#sidePanel {{ background: white; border: none; border-right: 1px solid {BORDER}; padding: 4px; }}
QTreeWidget#sidePanel::item {{ padding: 4px 2px; }}
QTreeWidget#sidePanel::item:selected {{ background: #dbeafe; color: {TEXT}; }}

QPushButton {{ padding: 6px 14px; border: 1px solid {BORDER}; border-radius: 6px; background: white;
    color: {TEXT}; }}
QPushButton:hover {{ background: #f3f4f6; }}
QPushButton:disabled {{ color: #9ca3af; background: #f3f4f6; }}
QPushButton[role="primary"] {{ background: {ACCENT}; border-color: {ACCENT}; color: white; font-weight: 600; }}
QPushButton[role="primary"]:hover {{ background: {ACCENT_DARK}; }}
QPushButton[role="primary"]:disabled {{ background: #93c5fd; border-color: #93c5fd; color: white; }}
QPushButton#ratingButton {{ padding: 4px 10px; min-width: 112px; text-align: left; }}
QPushButton#ratingButton:checked {{ background: {ACCENT}; border-color: {ACCENT}; color: white; }}
QPushButton#notAssessedButton:checked {{ background: #4b5563; border-color: #4b5563; color: white; }}
QPushButton#flagPresent:checked {{ background: {GREEN}; border-color: {GREEN}; color: white; }}
QPushButton#flagAbsent:checked {{ background: #4b5563; border-color: #4b5563; color: white; }}
QPushButton#flagUnknown:checked {{ background: #e5e7eb; border-color: #9ca3af; }}
QPushButton[segment="left"] {{ border-top-right-radius: 0; border-bottom-right-radius: 0; }}
QPushButton[segment="mid"] {{ border-radius: 0; border-left: none; }}
QPushButton[segment="right"] {{ border-top-left-radius: 0; border-bottom-left-radius: 0; border-left: none; }}
QPushButton:default {{ border: 2px solid {ACCENT}; padding: 5px 13px; font-weight: 600; }}
QPushButton:focus, QPushButton#flagPresent:focus, QPushButton#flagAbsent:focus, QPushButton#flagUnknown:focus,
QPushButton#notAssessedButton:focus {{ border: 2px solid {FOCUS}; padding: 5px 13px; }}
QPushButton#ratingButton:focus {{ border: 2px solid {FOCUS}; padding: 3px 9px; }}

QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox {{ background: white; border: 1px solid {BORDER}; border-radius: 6px;
    padding: 5px; color: {TEXT}; }}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QAbstractSpinBox:focus {{ border: 1px solid {ACCENT}; }}
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QComboBox {{ padding-right: 24px; }}
QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right; width: 22px; border: none; }}
QComboBox::down-arrow {{ image: {icon_url("chevron-down")}; width: 14px; height: 14px; }}
QComboBox::down-arrow:disabled {{ image: {icon_url("chevron-down-disabled")}; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ border: none; width: 18px; }}
QAbstractSpinBox::up-arrow {{ image: {icon_url("chevron-up")}; width: 12px; height: 12px; }}
QAbstractSpinBox::down-arrow {{ image: {icon_url("chevron-down")}; width: 12px; height: 12px; }}
QAbstractSpinBox::up-arrow:disabled {{ image: {icon_url("chevron-up-disabled")}; }}
QAbstractSpinBox::down-arrow:disabled {{ image: {icon_url("chevron-down-disabled")}; }}
QLineEdit:disabled, QPlainTextEdit:disabled {{ background: #f9fafb; color: #4b5563; }}
QTableView {{ outline: 0; background: white; border: 1px solid {BORDER}; border-radius: 6px; gridline-color: #eef0f3;
    selection-background-color: #dbeafe; selection-color: {TEXT}; }}
QTableView::item {{ padding: 0 6px; }}
QHeaderView::section {{ background: #f9fafb; border: none; border-bottom: 1px solid {BORDER};
    padding: 6px; font-weight: 600; color: {TEXT}; }}
QToolBar {{ background: white; border-bottom: 1px solid {BORDER}; spacing: 4px; padding: 3px; }}
QToolBar QToolButton {{ padding: 4px 8px; border-radius: 4px; }}
QToolBar QToolButton:hover {{ background: #eef2ff; }}
QStatusBar {{ background: white; border-top: 1px solid {BORDER}; }}
QLabel#headerStatus {{ padding: 4px 12px; border-radius: 11px; font-weight: 600; }}
QLabel#headerStatus[status="draft"] {{ background: #fef3c7; color: #92400e; }}
QLabel#headerStatus[status="submitted"] {{ background: {GREEN_BG}; color: {GREEN}; }}
QLabel#saveStatus {{ color: {GREEN}; padding-right: 8px; }}
QScrollBar:vertical {{ background: transparent; width: 12px; margin: 2px; }}
QScrollBar:horizontal {{ background: transparent; height: 12px; margin: 2px; }}
QScrollBar::handle:vertical {{ background: #c7cbd1; border-radius: 4px; min-height: 32px; }}
QScrollBar::handle:horizontal {{ background: #c7cbd1; border-radius: 4px; min-width: 32px; }}
QScrollBar::handle:hover {{ background: #9ca3af; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QSplitter::handle {{ background: {BORDER}; }}
QSplitter::handle:horizontal {{ width: 1px; }}
QCheckBox, QRadioButton {{ spacing: 8px; padding: 3px 0; }}
QCheckBox:disabled:checked, QRadioButton:disabled:checked {{ color: {TEXT}; font-weight: 600; }}
"""


#: the stylesheet at the base font size (the sizes as written)
STYLESHEET = stylesheet()


def app_icon() -> QIcon:
    """Assessor's icon (a scorecard on a blue tile), from the package data
    beside this module (``icons/assessor.png``; the bundle ships it at the
    same place).  Read by path, not through :mod:`importlib.resources`:
    this runs before the window is first shown, where every millisecond of
    import counts (``docs/performance.md``)."""
    return QIcon(QPixmap(str(ICONS / "assessor.png")))


class AssessorStyle(QProxyStyle):
    """Fusion, with a table heading's sort arrow pointing the way its order
    runs: ▲ for ascending (A to Z, lowest first), ▼ for descending (the
    convention of Windows Explorer and macOS Finder). Qt draws them the
    other way round: ``QHeaderView`` turns an ascending order into
    ``SortDown``."""

    FLIP = {QStyleOptionHeader.SortIndicator.SortUp: QStyleOptionHeader.SortIndicator.SortDown,
            QStyleOptionHeader.SortIndicator.SortDown: QStyleOptionHeader.SortIndicator.SortUp}

    #: the message icons, from the app's one icon set instead of the style's old raster ones
    MESSAGE_ICONS = {QStyle.StandardPixmap.SP_MessageBoxInformation: "info",
                     QStyle.StandardPixmap.SP_MessageBoxWarning: "warning",
                     QStyle.StandardPixmap.SP_MessageBoxCritical: "critical",
                     QStyle.StandardPixmap.SP_MessageBoxQuestion: "question"}

    def standardIcon(self, standard, option=None, widget=None) -> QIcon:  # noqa: ANN001,N802 - Qt API
        name = self.MESSAGE_ICONS.get(standard)
        if name is not None:
            return QIcon(str(ICONS / f"{name}.svg"))
        return super().standardIcon(standard, option, widget)

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: ANN001,N802 - Qt API
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(option, QStyleOptionHeader):
            flipped = QStyleOptionHeader(option)
            flipped.sortIndicator = self.FLIP.get(option.sortIndicator, option.sortIndicator)
            option = flipped
        super().drawPrimitive(element, option, painter, widget)


_STYLE: AssessorStyle | None = None


def apply_style(app: QApplication) -> None:
    """Fusion (as :class:`AssessorStyle`), a light palette (so a dark
    desktop theme cannot make the light stylesheet unreadable), the
    stylesheet and a readable default font."""
    global _STYLE
    if _STYLE is None and "Fusion" in QStyleFactory.keys():
        # Made once and kept referenced here: the application does not own
        # a style set from Python, and setting a new one would delete the old
        # one under widgets that still use it.
        _STYLE = AssessorStyle(QStyleFactory.create("Fusion"))
        app.setStyle(_STYLE)
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, WINDOW), (QPalette.ColorRole.WindowText, TEXT),
        (QPalette.ColorRole.Base, "#ffffff"), (QPalette.ColorRole.AlternateBase, "#f9fafb"),
        (QPalette.ColorRole.Text, TEXT), (QPalette.ColorRole.Button, "#ffffff"),
        (QPalette.ColorRole.ButtonText, TEXT), (QPalette.ColorRole.Highlight, ACCENT),
        (QPalette.ColorRole.HighlightedText, "#ffffff"), (QPalette.ColorRole.ToolTipBase, "#ffffff"),
        (QPalette.ColorRole.ToolTipText, TEXT), (QPalette.ColorRole.PlaceholderText, "#9ca3af"),
        (QPalette.ColorRole.Link, ACCENT),
    ):
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#9ca3af"))
    app.setPalette(palette)
    font = QFont(app.font())
    if font.pointSizeF() < BASE_POINT_SIZE:
        font.setPointSizeF(BASE_POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(stylesheet(font.pointSizeF()))  # titles in proportion to the system's font


def repolish(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def local_time(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored naive-UTC time shown in the user's local time zone."""
    if value is None:
        return ""
    return value.replace(tzinfo=UTC).astimezone().strftime(fmt)

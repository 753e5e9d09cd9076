"""The About dialog: the version, and the licences of what Assessor bundles."""

from __future__ import annotations

from html import escape
from importlib.metadata import PackageNotFoundError, version

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from .. import __version__
from .style import app_icon
from .screen import fit_to_screen

LIBRARIES: tuple[tuple[str, str, str], ...] = (
    # (distribution name, shown name, licence), from each project's metadata
    ("PySide6-Essentials", "Qt for Python (PySide6) and Qt 6", "LGPL-3.0"),
    ("SQLAlchemy", "SQLAlchemy", "MIT"),
    ("alembic", "Alembic", "MIT"),
    ("pydantic", "pydantic", "MIT"),
    ("ruamel.yaml", "ruamel.yaml", "MIT"),
    ("Jinja2", "Jinja2", "BSD-3-Clause"),
    ("reportlab", "ReportLab", "BSD"),
    ("z3c.rml", "z3c.rml", "ZPL-2.1"),
    ("lxml", "lxml", "BSD-3-Clause"),
    ("pillow", "Pillow", "MIT-CMU"),
    ("platformdirs", "platformdirs", "MIT"),
    ("python-bidi", "python-bidi", "LGPL-3.0"),
    ("uharfbuzz", "uharfbuzz (HarfBuzz)", "Apache-2.0 (HarfBuzz: MIT)"),
    ("pythainlp", "PyThaiNLP (Thai word boundaries)", "Apache-2.0 (word list: CC0-1.0)"),
    ("regex", "regex", "Apache-2.0 AND CNRI-Python"),
)
FONTS: tuple[tuple[str, str], ...] = (
    ("DejaVu Sans", "Bitstream Vera / DejaVu free licence"),
    ("Noto Sans Arabic", "SIL Open Font License 1.1"),
    ("Noto Sans Hebrew, Devanagari, Bengali, Tamil, Thai", "SIL Open Font License 1.1"),
    ("WenQuanYi Micro Hei", "Apache-2.0 or GPL-3.0 with font exception"),
    ("Symbola", "free for any use (George Douros)"),
)
LGPL_NOTE = (
    "Qt and PySide6 are used under the GNU LGPL v3. They stay separate shared "
    "libraries (in the bundle: the folder <code>_internal/PySide6</code>); you may "
    "replace them with your own build of the same version, for example the files of "
    "<code>pip install PySide6-Essentials==VERSION</code>, and Assessor will use it. "
    "The source of Qt and PySide6 is at qt.io."
)


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "bundled"


def licences_html() -> str:
    """The version and the licence table, as HTML for a QTextBrowser."""
    rows = "".join(
        f"<tr><td>{escape(shown)}</td><td>{escape(_version(dist))}</td><td>{escape(lic)}</td></tr>"
        for dist, shown, lic in LIBRARIES
    )
    fonts = "".join(f"<tr><td>{escape(n)}</td><td colspan=2>{escape(lic)}</td></tr>" for n, lic in FONTS)
    return (
        f"<h2>Assessor {escape(__version__)}</h2>"
        "<p>Structured technical interviews: interview kits, scorecards and PDF candidate reports.</p>"
        "<h3>Bundled libraries</h3><table cellpadding=3><tr><th align=left>Library</th>"
        f"<th align=left>Version</th><th align=left>Licence</th></tr>{rows}</table>"
        f"<h3>Report fonts</h3><table cellpadding=3>{fonts}</table>"
        f"<p>{LGPL_NOTE}</p><p>The licence texts of the fonts are in <code>reports/fonts/</code>.</p>"
        "<h3>Icons</h3><p>Lucide (lucide.dev), ISC licence; its text is in "
        "<code>assessor/gui/icons/LICENSE-lucide.txt</code>.</p>"
    )


class AboutDialog(QDialog):
    """Help ▸ About Assessor: version, bundled libraries and their licences."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Assessor")
        fit_to_screen(self, 620, 560)
        layout = QVBoxLayout(self)
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(icon)
        self.text = QTextBrowser()
        self.text.setObjectName("aboutText")
        self.text.setAccessibleName("About Assessor")
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(licences_html())
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

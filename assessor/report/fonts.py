"""The report's fonts: a fallback chain of TrueType fonts shipped in ``reports/fonts``.

ReportLab embeds only TrueType outlines and draws each run of text in one
font, so no single font covers every script a user may type.  The chain,
tried in order for each character, is:

=================  ==============================  =============================
face name          file                            covers
=================  ==============================  =============================
``DejaVuSans``     DejaVuSans(-Bold).ttf           Latin, Greek, Cyrillic, Hebrew,
                                                   symbols (the body font)
``NotoSansArabic`` NotoSansArabic-*.ttf            Arabic (preferred for Arabic)
``NotoSansHebrew`` NotoSansHebrew-*.ttf            Hebrew (preferred for Hebrew)
``NotoSansDevanagari`` NotoSansDevanagari-*.ttf    Devanagari (Hindi, Marathi, ...)
``NotoSansBengali`` NotoSansBengali-*.ttf          Bengali
``NotoSansTamil``  NotoSansTamil-*.ttf             Tamil
``NotoSansThai``   NotoSansThai-*.ttf              Thai
``WQYMicroHei``    wqy-microhei.ttc (subfont 0)    Chinese, Japanese kana, Korean
``Symbola``        Symbola_hint.ttf                emoji (monochrome), symbols
=================  ==============================  =============================

Each face is registered as a family (normal, bold, italic, bold italic) so
``<b>`` works in a paragraph whatever font a run falls back to; a face with
no bold file (WenQuanYi Micro Hei, Symbola) gets a synthetic bold, its
regular outlines filled and stroked (:func:`synthetic_bold`).  A letter of a script in
:data:`SCRIPT_FACES` goes to that script's face first (DejaVu Sans also has
Hebrew, but without the marks' positioning Noto Sans Hebrew has).  Text in
these faces is shaped with HarfBuzz and put in visual order when a line is
drawn (:mod:`assessor.report.bidi`).

The files are parsed once per process.  z3c.rml resets ReportLab's global
font registry and family maps at the start of every document
(``rl_config._reset``), so a reset hook, registered after z3c.rml's, puts
the already parsed fonts back each time.

That reset also runs two hooks (``reportlab.graphics.testshapes.resetFonts``
and ``z3c.rml.rlfix.resetFonts``) that parse ReportLab's four Vera fonts
from disk again, twice: some 20 ms of every report, for fonts the report
never uses.  :func:`_install_quick_resets` puts hooks in their place that
register the same fonts, parsed once, and do the rest of what the
originals do.
"""

from __future__ import annotations

import copy
import hashlib
import unicodedata
import threading
import weakref
from dataclasses import dataclass
from importlib.resources import as_file

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from assessor.package_data import package_data

BODY = "DejaVuSans"
ARABIC = "NotoSansArabic"
HEBREW = "NotoSansHebrew"


@dataclass(frozen=True)
class _Face:
    name: str
    regular: str
    bold: str | None = None
    subfont: int = 0


CHAIN: tuple[_Face, ...] = (
    _Face(BODY, "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    _Face(ARABIC, "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    _Face(HEBREW, "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    _Face("NotoSansDevanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    _Face("NotoSansBengali", "NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
    _Face("NotoSansTamil", "NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf"),
    _Face("NotoSansThai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),
    _Face("WQYMicroHei", "wqy-microhei.ttc"),
    _Face("Symbola", "Symbola_hint.ttf"),
)
"""Fallback order: the first face whose cmap has a character draws it."""

SCRIPT_FACES: tuple[tuple[tuple[int, int], str], ...] = (
    ((0x0600, 0x06FF), ARABIC), ((0x0750, 0x077F), ARABIC), ((0x08A0, 0x08FF), ARABIC),
    ((0xFB50, 0xFDFF), ARABIC), ((0xFE70, 0xFEFC), ARABIC),
    ((0x0590, 0x05FF), HEBREW), ((0xFB1D, 0xFB4F), HEBREW),
    ((0x0900, 0x097F), "NotoSansDevanagari"), ((0xA8E0, 0xA8FF), "NotoSansDevanagari"),
    ((0x0980, 0x09FF), "NotoSansBengali"),
    ((0x0B80, 0x0BFF), "NotoSansTamil"),
    ((0x0E00, 0x0E7F), "NotoSansThai"),
)
"""Code point ranges (inclusive) whose letters go to a script's own face
before the chain is tried (Unicode blocks, from the Unicode code charts)."""


def script_face(cp: int) -> str | None:
    """The face preferred for code point ``cp`` by :data:`SCRIPT_FACES`,
    or ``None`` when the chain's order decides."""
    for (low, high), name in SCRIPT_FACES:
        if low <= cp <= high:
            return name
    return None

_lock = threading.Lock()
_fonts: list[TTFont] = []
_coverage: dict[str, frozenset[int]] = {}


def _load(filename: str, font_name: str, subfont: int) -> TTFont:
    resource = package_data("reports").joinpath("fonts", filename)
    with as_file(resource) as path:
        return TTFont(font_name, str(path), subfontIndex=subfont)


def _install() -> None:
    """Register the parsed fonts and their families with ReportLab."""
    for font in _fonts:
        pdfmetrics.registerFont(font)
    for face in CHAIN:
        bold = f"{face.name}-Bold"  # the face's bold file, or its synthetic bold (synthetic_bold)
        pdfmetrics.registerFontFamily(face.name, normal=face.name, bold=bold, italic=face.name, boldItalic=bold)
        # registerFontFamily maps the italic slots last, so ``ps2tt`` would
        # read the regular face as italic; map regular and bold back last.
        addMapping(face.name, 1, 0, bold)
        addMapping(face.name, 0, 0, face.name)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ``makeToUnicodeCMap`` with code points above U+FFFF written
    as UTF-16BE (surrogate pairs), as the PDF spec requires.  ReportLab 5.1
    writes ``<1F44D>`` (odd-length hex), so emoji did not extract from the
    PDF and strict readers warned.  A glyph HarfBuzz chose that no character
    maps to (a conjunct, a ligature) maps to the characters it was shaped
    from, and an Arabic presentation form to its letters (NFKC), so text
    copied without ``/ActualText`` still holds the letters typed."""
    from .scripts import glyph_text

    face = fontname.split("+", 1)[-1]

    def text_of(v: int) -> str:
        known = glyph_text(face, v)  # a shaped glyph (ligature, contextual form): its characters
        if known:
            return known
        ch = chr(v)
        if v == 0xA0:  # the no-break space rich.tie_last_word puts before a last word: copied as a space
            return " "
        if 0xFB50 <= v <= 0xFDFF or 0xFE70 <= v <= 0xFEFC:  # Arabic presentation form: its letters
            return unicodedata.normalize("NFKC", ch)
        return ch

    chars = ["<%02X> <%s>" % (i, text_of(v).encode("utf-16-be", "surrogatepass").hex().upper())
             for i, v in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        "<< /Registry (%s)" % fontname, "/Ordering (%s)" % fontname, "/Supplement 0", ">> def",
        "/CMapName /%s def" % fontname, "/CMapType 2 def", "1 begincodespacerange",
        "<00> <%02X>" % (len(subset) - 1), "endcodespacerange", "%d beginbfchar" % len(subset),
        *chars, "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


def subset_tag(font_name: str, subset: int) -> bytes:
    """The six capital letters before ``+`` in a subset's font name (PDF
    32000-1, 9.6.4): derived from the font's name and the subset number, so
    each subset of a document has its own tag and the same document gets
    the same tags (ReportLab writes ``AAAAAA`` for the first subset of
    every font)."""
    digest = hashlib.sha256(f"{font_name}/{subset}".encode()).digest()
    return bytes(65 + b % 26 for b in digest[:6])


def _install_subset_tags() -> None:
    """Make ReportLab name each TrueType subset with :func:`subset_tag`
    (it calls the module's ``SUBSETN(n)`` knowing only the number)."""
    original = TTFont.addObjects
    if getattr(original, "_assessor_tags", False):
        return

    def add_objects(self: TTFont, doc: object) -> None:
        plain_subsetn = ttfonts.SUBSETN
        ttfonts.SUBSETN = lambda n, _name=self.fontName: subset_tag(_name, n)
        try:
            original(self, doc)
        finally:
            ttfonts.SUBSETN = plain_subsetn

    add_objects._assessor_tags = True  # type: ignore[attr-defined]
    TTFont.addObjects = add_objects  # type: ignore[method-assign]


SYNTHETIC_STROKE = 0.03
"""The outline stroked around a synthetic bold glyph, in ems (0.3 pt at
10 pt): about the weight step from a regular to a bold face."""


def synthetic_bold(regular: TTFont, font_name: str) -> TTFont:
    """A bold for a face shipped without a bold file (WenQuanYi Micro Hei,
    Symbola): the same parsed outlines under ``font_name``, drawn filled and
    stroked (PDF text rendering mode 2) with a line of
    :data:`SYNTHETIC_STROKE` ems in the text's colour
    (:func:`_install_synthetic_bold`).  Its own subsets and PDF font
    objects; the same widths as the regular, so lines break alike."""
    from weakref import WeakKeyDictionary

    bold = copy.copy(regular)
    bold.fontName = font_name
    # its own face name: ReportLab gives a second font of one face the first
    # font's object (pdfmetrics.registerFont), and the PDF names the subset by it
    bold.face = copy.copy(regular.face)
    name = regular.face.name
    bold.face.name = name + (b"-SyntheticBold" if isinstance(name, bytes) else "-SyntheticBold")
    bold.encoding = ttfonts.TTEncoding()
    bold.state = WeakKeyDictionary()
    bold._assessor_synthetic_bold = True  # type: ignore[attr-defined]
    return bold


def _install_synthetic_bold() -> None:
    """Make ReportLab's text objects draw a :func:`synthetic_bold` font's
    text filled and stroked: ``2 Tr`` with the fill colour as the stroke
    colour and a line of :data:`SYNTHETIC_STROKE` ems, then the text state,
    stroke colour and line width as they were (general graphics state
    operators are allowed inside a text object, PDF 32000-1, 9.4)."""
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfgen.textobject import PDFTextObject

    original = PDFTextObject._formatText
    if getattr(original, "_assessor_bold", False):
        return

    def format_text(self, text):  # noqa: ANN001 - ReportLab's signature
        out = original(self, text)
        font = pdfmetrics.getFont(self._fontname)
        if not out or not getattr(font, "_assessor_synthetic_bold", False):
            return out
        canvas = self._canvas
        fill = getattr(self, "_fillColorObj", None) or getattr(canvas, "_fillColorObj", None)
        before = getattr(self, "_strokeColorObj", None) or getattr(canvas, "_strokeColorObj", None)
        code, self._code = self._code, []
        try:
            if fill is not None:
                self.setStrokeColor(fill)
            stroke = " ".join(self._code)
            self._code = []
            if before is not None:
                self.setStrokeColor(before)
            restore = " ".join(self._code)
        finally:
            self._code = code
        width = fp_str(SYNTHETIC_STROKE * self._fontsize)
        line = fp_str(getattr(canvas, "_lineWidth", 1))
        return f"{stroke} {width} w 2 Tr {out} 0 Tr {restore} {line} w"

    format_text._assessor_bold = True  # type: ignore[attr-defined]
    PDFTextObject._formatText = format_text  # type: ignore[method-assign]


def _reset_hook() -> None:
    # Called by rl_config._reset() after pdfmetrics has cleared its registry.
    if _fonts:
        _install()


_VERA = (("Vera", "Vera.ttf"), ("VeraBd", "VeraBd.ttf"), ("VeraIt", "VeraIt.ttf"), ("VeraBI", "VeraBI.ttf"))
_vera: list[TTFont] = []


def _register_vera() -> None:
    """Register ReportLab's Vera fonts, parsed on the first call only."""
    if not _vera:
        _vera.extend(TTFont(name, filename) for name, filename in _VERA)
    for font in _vera:
        pdfmetrics.registerFont(font)


def _testshapes_reset() -> None:
    # What reportlab.graphics.testshapes.resetFonts does (outside Windows),
    # with the Vera fonts parsed once.
    from reportlab.graphics import testshapes
    from reportlab.pdfbase.pdfmetrics import baseGFont

    _register_vera()
    for name in ("Times-Roman", "Courier", baseGFont(), "Vera", "VeraBd", "VeraIt", "VeraBI"):
        if name not in testshapes._FONTS:  # noqa: SLF001 - the list the original hook fills
            testshapes._FONTS.append(name)  # noqa: SLF001


def _rlfix_reset() -> None:
    # What z3c.rml.rlfix.resetFonts does, with the Vera fonts parsed once.
    from reportlab.lib import fonts
    from z3c.rml import rlfix

    _testshapes_reset()
    fonts._ps2tt_map = copy.deepcopy(rlfix._ps2tt_map_original)  # noqa: SLF001
    fonts._tt2ps_map = copy.deepcopy(rlfix._tt2ps_map_original)  # noqa: SLF001


def _install_quick_resets() -> None:
    """Swap the two Vera-parsing reset hooks for :func:`_testshapes_reset`
    and :func:`_rlfix_reset`, in the same places of the reset order.  A
    ReportLab or z3c.rml whose hooks differ is left alone."""
    import sys

    from reportlab.graphics import testshapes
    from z3c.rml import rlfix

    if sys.platform == "win32" or not hasattr(rlfix, "_ps2tt_map_original"):
        return  # testshapes registers system fonts there: keep the original
    quick = {testshapes.resetFonts: _testshapes_reset, rlfix.resetFonts: _rlfix_reset}
    hooks = rl_config._registered_resets  # noqa: SLF001 - no public way to replace a hook
    for i, ref in enumerate(hooks):
        target = ref()
        if target in quick:
            hooks[i] = weakref.ref(quick[target])


def _load_once() -> None:
    with _lock:
        if _fonts:
            return
        loaded: list[TTFont] = []
        cover: dict[str, frozenset[int]] = {}
        for face in CHAIN:
            regular = _load(face.regular, face.name, face.subfont)
            loaded.append(regular)
            cmap = set(regular.face.charToGlyph)
            if face.bold:
                bold = _load(face.bold, f"{face.name}-Bold", face.subfont)
                cmap &= set(bold.face.charToGlyph)  # bold headings need the glyph too
            else:
                bold = synthetic_bold(regular, f"{face.name}-Bold")
            loaded.append(bold)
            cover[face.name] = frozenset(cmap)
        _coverage.update(cover)
        _fonts.extend(loaded)
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # see _to_unicode_cmap
        _install_subset_tags()
        _install_synthetic_bold()
        # z3c.rml registers its own reset on import, which restores the font
        # family maps as they were then; import it first so ours runs after.
        import z3c.rml  # noqa: F401

        rl_config.register_reset(_reset_hook)
        _install_quick_resets()
        from .scripts import install as install_shaping

        install_shaping(frozenset(face.name for face in CHAIN) - {BODY}, BODY)


def ensure_fonts() -> None:
    """Parse the chain once per process and register it with ReportLab.

    Raises ``OSError`` if a font file is missing or unreadable.
    """
    _load_once()
    with _lock:
        _install()


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width in points of ``text`` set in the body font (bold when
    ``bold``) at ``size`` points, from the parsed font itself (no
    ReportLab registry: safe outside a render).  Raises ``OSError`` like
    :func:`ensure_fonts`."""
    _load_once()
    name = f"{BODY}-Bold" if bold else BODY
    font = next(f for f in _fonts if f.fontName == name)
    return font.stringWidth(text, size)


def loaded_font(font_name: str) -> TTFont:
    """The parsed :class:`TTFont` registered as ``font_name`` (a face of
    :data:`CHAIN` or its ``-Bold``).  Raises ``KeyError`` for another name
    and ``OSError`` like :func:`ensure_fonts`."""
    _load_once()
    for font in _fonts:
        if font.fontName == font_name:
            return font
    raise KeyError(font_name)


def coverage() -> dict[str, frozenset[int]]:
    """Code points each face of :data:`CHAIN` can draw, by face name.

    Raises ``OSError`` like :func:`ensure_fonts`.
    """
    _load_once()
    return _coverage

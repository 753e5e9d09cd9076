"""Complex scripts in the report: HarfBuzz shaping and the bidirectional
algorithm, applied to each printed line when ReportLab draws it.

:mod:`assessor.report.rich` gives ReportLab paragraph markup in *logical*
order (the order a user typed), with each run in the font that has its
letters.  ReportLab breaks the paragraph into lines on those widths.  Then,
for every line that holds a right-to-left letter or a letter of a script
that needs shaping (Arabic, Hebrew, the Indic scripts, Thai, ...), the hook
installed by :func:`install` (around ReportLab's line-drawing functions):

1. takes the paragraph's base direction from most of its strong letters
   (:func:`base_level`; each line typed by the user, i.e. each ``<br/>``,
   starts a new paragraph; a bold label ending in ":" before it, such as
   the template's "Notes:", does not count), and resolves the embedding level of every character of
   the line with python-bidi's implementation of UAX #9 (rules W1-W7, N1-N2,
   I1-I2); trailing white space takes the base level (L1);
2. cuts the line into runs of one font and one level, and orders the runs
   for display (L2: from the highest level down to the lowest odd one,
   reverse every sequence at that level or above);
3. shapes each run with HarfBuzz (``uharfbuzz``, through ReportLab's
   ``TTFont.hbFont``), right to left for odd levels, so Arabic letters join,
   Arabic marks (shadda, fatha, tanween) sit on their letters, Indic
   clusters reorder and form conjuncts, and brackets in right-to-left text
   are mirrored (L4, done by HarfBuzz);
4. draws the runs with ReportLab's own shaped-text path (``ShapedStr``),
   inside a ``/Span << /ActualText (...) >> BDC ... EMC`` marked-content
   sequence that holds the line's text in logical order (PDF 32000-1,
   14.9.4), so a reader that honours ``/ActualText`` copies the text as
   typed.

A right-to-left paragraph set flush left is drawn flush right.  Lines
without such letters are drawn by ReportLab untouched (one regular
expression test per line).  Nothing here raises: a line that cannot be
shaped (a font that is not TrueType, an inline image) is drawn as
ReportLab would.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import deque

from bidi.algorithm import (
    explicit_embed_and_overrides,
    get_embedding_levels,
    resolve_implicit_levels,
    resolve_neutral_types,
    resolve_weak_types,
)

COMPLEX = re.compile(
    "[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"
    "\ua8e0-\ua8ff\ufb1d-\ufdff\ufe70-\ufefc]"
)
"""Letters whose lines are shaped and reordered: Hebrew, Arabic, Syriac,
Thaana, N'Ko, the Indic scripts, Thai, Lao, Tibetan, Myanmar, Khmer and the
Hebrew/Arabic presentation forms (Unicode blocks)."""

_local = threading.local()
_installed = False
_install_lock = threading.Lock()
_glyph_text: dict[tuple[str, int], str] = {}


def base_level(text: str) -> int:
    """0 (left to right) or 1 (right to left): the direction of most of the
    strong letters of ``text``, on a tie the direction of the first one
    (UAX #9 P2-P3), 0 when there is none.  Counting, not P2's first letter
    alone, is a higher-level protocol UAX #9 allows (HL1): an English note
    that begins with an Arabic name is an English paragraph."""
    ltr = sum(1 for ch in text if unicodedata.bidirectional(ch) == "L")
    rtl = sum(1 for ch in text if unicodedata.bidirectional(ch) in ("R", "AL"))
    if ltr != rtl:
        return int(rtl > ltr)
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return 1
        if kind == "L":
            return 0
    return 0


def levels(text: str, base: int) -> list[int]:
    """The resolved embedding level of each character of ``text`` in a
    paragraph of base level ``base`` (UAX #9 up to I2, then L1 for
    trailing white space)."""
    storage = {"base_level": base, "base_dir": "LR"[base], "chars": [], "runs": deque()}
    get_embedding_levels(text, storage)
    explicit_embed_and_overrides(storage)
    resolve_weak_types(storage)
    resolve_neutral_types(storage, False)
    resolve_implicit_levels(storage, False)
    out = [c["level"] for c in storage["chars"]]
    i = len(text) - 1
    while i >= 0 and unicodedata.bidirectional(text[i]) in ("WS", "S", "B", "BN"):
        out[i] = base
        i -= 1
    return out


def visual_runs(pieces: list[str], base: int) -> list[tuple[int, str, int]]:
    """Cut the logical ``pieces`` of one line (each in its own font) into
    runs of one piece and one level, in display order: ``(piece index,
    logical text of the run, level)``."""
    text = "".join(pieces)
    lv = levels(text, base)
    runs: list[list] = []
    pos = 0
    for index, piece in enumerate(pieces):
        for ch in piece:
            level = lv[pos]
            if runs and runs[-1][0] == index and runs[-1][2] == level:
                runs[-1][1] += ch
            else:
                runs.append([index, ch, level])
            pos += 1
    if runs:
        top = max(r[2] for r in runs)
        lowest_odd = min((r[2] for r in runs if r[2] % 2), default=top + 1)
        for level in range(top, lowest_odd - 1, -1):
            i = 0
            while i < len(runs):
                if runs[i][2] >= level:
                    j = i
                    while j < len(runs) and runs[j][2] >= level:
                        j += 1
                    runs[i:j] = runs[i:j][::-1]
                    i = j
                else:
                    i += 1
    return [(r[0], r[1], r[2]) for r in runs]


def shape(font, size: float, text: str, rtl: bool):
    """``text`` shaped by HarfBuzz in ``font`` (a ReportLab ``TTFont``) at
    ``size`` points, right to left when ``rtl``: a ReportLab ``ShapedStr``
    of glyphs in display order and its width in points.  Glyphs that no
    character maps to (ligatures, contextual forms) get a private-use code
    point through ReportLab (``TTFont.hbAddPrivate``), and their text is
    remembered for the PDF's ToUnicode map (:func:`glyph_text`)."""
    import uharfbuzz
    from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

    hbf = font.hbFont(size)
    buf = uharfbuzz.Buffer()
    buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    uharfbuzz.shape(hbf, buf, {"kern": True, "liga": True})
    infos = buf.glyph_infos
    clusters = sorted({info.cluster for info in infos}) + [len(text)]
    cluster_end = {c: clusters[k + 1] for k, c in enumerate(clusters[:-1])}
    face = font.face
    chars = []
    data = []
    width = 0.0
    for info, pos in zip(infos, buf.glyph_positions):
        gid = info.codepoint
        mapped = face.glyphToChar.get(gid)
        if mapped:
            uchar = mapped[0]
        else:
            uchar = font.hbAddPrivate(hbf.glyph_to_string(gid), gid, font.pdfScale(pos.x_advance))
            key = (_face_name(font), uchar)
            if key not in _glyph_text:
                _glyph_text[key] = text[info.cluster:cluster_end[info.cluster]]
        x_advance = font.pdfScale(pos.x_advance)
        width += x_advance * size / 1000
        data.append(ShapeData(info.cluster, x_advance, font.pdfScale(pos.y_advance),
                              font.pdfScale(pos.x_offset), font.pdfScale(pos.y_offset),
                              face.charWidths.get(uchar, x_advance)))
        chars.append(chr(uchar))
    return ShapedStr("".join(chars), shapeData=data), width


def _face_name(font) -> str:
    name = font.face.name
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def glyph_text(face_name: str, code_point: int) -> str | None:
    """The characters a private-use code point given to a shaped glyph of
    ``face_name`` (the font's PostScript name) stands for, or ``None``."""
    return _glyph_text.get((face_name, code_point))


def actual_text(text: str) -> str:
    """The PDF marked-content operator opening an ``/ActualText`` span of
    ``text`` (a UTF-16BE hex string with its byte order mark)."""
    hexed = ("\ufeff" + text).encode("utf-16-be", "surrogatepass").hex().upper()
    return f"/Span <</ActualText <{hexed}>>> BDC"


def _actual(logical: str) -> str:
    # the no-break space before a paragraph's last word (rich.tie_last_word) is copied as a space
    return logical.rstrip().replace("\u00a0", " ")


def _frag_line(line, base: int):
    """A copy of ReportLab ``FragLine`` ``line`` with its words shaped and
    in display order, the width gained or lost added to its extra space,
    and its logical text; ``None`` to draw it as it is."""
    from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

    words = line.words
    if not words or any(hasattr(w, "cbDefn") for w in words):
        return None
    texts = [w.text for w in words]
    logical = "".join(texts)
    if not COMPLEX.search(logical):
        return None
    fonts = [getFont(w.fontName) for w in words]
    if not all(getattr(f, "_dynamicFont", 0) and hasattr(f, "hbFont") for f in fonts):
        return None
    new_words = []
    old_width = sum(stringWidth(t, w.fontName, w.fontSize) for t, w in zip(texts, words))
    new_width = 0.0
    for index, run, level in visual_runs(texts, base):
        word = words[index]
        shaped, width = shape(fonts[index], word.fontSize, run, bool(level % 2))
        new_width += width
        new_words.append(word.clone(text=shaped))
    return line.clone(words=new_words, extraSpace=line.extraSpace + old_width - new_width), _actual(logical)


def _wrap_x(original, right=None, justify=False):
    def draw(tx, offset, line, last=0):
        try:
            base = getattr(line, "_assessor_base", 0)
            made = _frag_line(line, base)
        except Exception:  # a shaping failure must not lose the line: draw it as ReportLab would
            made = None
        if made is None:
            return original(tx, offset, line, last)
        new_line, logical = made
        target = right if (right is not None and base == 1 and (last or not justify)) else original
        tx._code.append(actual_text(logical))
        try:
            return target(tx, offset, new_line, last)
        finally:
            tx._code.append("EMC")
    draw.__wrapped__ = original
    return draw


def _wrap_simple(original, right=None, justify=False):
    # kind-0 lines (one font for the whole paragraph): (tx, offset, extraspace, words, last)
    def draw(tx, offset, extraspace, words, last=0):
        text = " ".join(words)
        if not COMPLEX.search(text):
            return original(tx, offset, extraspace, words, last)
        try:
            from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

            font = getFont(tx._fontname)
            size = tx._fontsize
            base = getattr(_local, "base", 0)
            shaped = None
            width = 0.0
            for _index, run, level in visual_runs([text], base):
                piece, w = shape(font, size, run, bool(level % 2))
                shaped = piece if shaped is None else shaped + piece
                width += w
            extraspace += stringWidth(text, tx._fontname, size) - width
        except Exception:  # draw as ReportLab would
            return original(tx, offset, extraspace, words, last)
        target = right if (right is not None and base == 1 and (last or not justify)) else original
        plain_out = tx._textOut

        def text_out(t, TStar=0):  # noqa: N803 - ReportLab's name
            return plain_out(shaped if t == text else t, TStar)

        tx._textOut = text_out
        tx._code.append(actual_text(_actual(text)))
        try:
            return target(tx, offset, extraspace, words, last)
        finally:
            del tx._textOut
            tx._code.append("EMC")
    draw.__wrapped__ = original
    return draw


def _annotate(paragraph) -> None:
    """Give every line of ``paragraph``'s layout its paragraph's base level:
    each run of lines up to a hard break (``<br/>``) is one paragraph."""
    bl = getattr(paragraph, "blPara", None)
    if bl is None:
        return
    if bl.kind == 0:
        _local.base = base_level(" ".join(" ".join(words) for _space, words in bl.lines))
        return
    group: list = []
    text = ""
    for line in bl.lines:
        words = line.words
        if not group and words and _is_label(words[0]):
            words = words[1:]  # "Notes:" says nothing of the note's direction
        group.append(line)
        text += "".join(getattr(w, "text", "") for w in words)
        if getattr(line, "lineBreak", False) or line is bl.lines[-1]:
            level = base_level(text)
            for member in group:
                member._assessor_base = level
            group, text = [], ""


def _is_label(word) -> bool:
    # the template's bold label before user text: "Notes:", "Evidence:"
    return str(getattr(word, "fontName", "")).endswith("-Bold") and getattr(word, "text", "").rstrip().endswith(":")


_faces: dict = {"fallback": frozenset(), "body": "", "runs": None}
"""What :mod:`assessor.report.fonts` and :mod:`assessor.report.rich` tell
this module (which imports neither: they import it): the fallback faces'
names and the body face's (:func:`install`), and the function that cuts a
string into runs by face (:func:`use_font_runs`)."""


def use_font_runs(font_runs) -> None:
    """Give :func:`canvas_runs` the function that cuts plain text into runs
    ``(face name, text)``: :func:`assessor.report.rich.font_runs` (called by
    :mod:`assessor.report.rich` when it is imported)."""
    _faces["runs"] = font_runs


def _keep_weight_in_font_faces() -> None:
    """Make ``<font face="F">`` keep the bold and italic of the text around
    it when ``F`` is a fallback face of the report's chain (``fonts.CHAIN``
    less the body font, which a template names to ask for the regular).

    ReportLab's paragraph parser reads a face name through ``ps2tt``, which
    gives the regular face of a family name, so a run that
    :mod:`assessor.report.rich` put in ``NotoSansArabic`` inside a bold
    heading (a style in ``DejaVuSans-Bold``, or ``<b>``) was drawn in the
    regular face: HTML keeps the weight, and so do we.  The bold face is
    then the family's (``fonts._install`` maps it: the script's own bold
    file, or the synthetic bold of a face that has none)."""
    from reportlab.platypus.paraparser import ParaParser

    original = ParaParser.start_font
    if getattr(original, "_assessor_weight", False):
        return
    # the fallback faces rich.py wraps runs in; a template's own <font name="DejaVuSans"> still means regular
    families = _faces["fallback"]

    def start_font(self, attr):
        face = attr.get("face", attr.get("name"))
        if face not in families or not self._stack:
            return original(self, attr)
        outer = self._stack[-1]
        bold, italic = getattr(outer, "bold", 0), getattr(outer, "italic", 0)
        original(self, attr)
        inner = self._stack[-1]
        inner.bold, inner.italic = bold, italic
        return None

    start_font._assessor_weight = True
    ParaParser.start_font = start_font


def canvas_runs(font_name: str, size: float, text: str):
    """How a string drawn straight on the canvas (``drawString`` and its
    right and centred kin: the DRAFT watermark, a page's running lines, a
    team template's canvas text) is drawn when it holds a right-to-left or
    complex-script letter, or a character ``font_name`` lacks: ``(runs,
    width, logical)``, the runs ``(font name, text or ShapedStr)`` in
    display order, their width in points at ``size``, and the logical text
    for ``/ActualText``; ``None`` to draw it as ReportLab would.

    The same steps as a paragraph's line: each character's face by
    :func:`assessor.report.rich.font_runs` (the canvas font for what it
    has, in its bold when the canvas font is a ``-Bold``), the base
    direction by :func:`base_level`, runs in display order by
    :func:`visual_runs`, each shaped by :func:`shape`."""
    from reportlab.pdfbase.pdfmetrics import getFont, getRegisteredFontNames, stringWidth

    font_runs, body = _faces["runs"], _faces["body"]
    if font_runs is None:
        return None
    font = getFont(font_name)
    dynamic = bool(getattr(font, "_dynamicFont", 0)) and hasattr(font, "face")
    if not COMPLEX.search(text) and (not dynamic or all(ord(ch) in font.face.charToGlyph for ch in text)):
        return None
    bold = font_name.endswith("-Bold")
    known = set(getRegisteredFontNames())
    pieces, names = [], []
    for face, run in font_runs(text):
        if face == body and (not dynamic or all(ord(ch) in font.face.charToGlyph for ch in run)):
            name = font_name
        else:
            name = f"{face}-Bold" if bold and f"{face}-Bold" in known else face
        pieces.append(run)
        names.append(name)
    runs, width = [], 0.0
    for index, run, level in visual_runs(pieces, base_level(text)):
        run_font = getFont(names[index])
        if getattr(run_font, "_dynamicFont", 0) and hasattr(run_font, "hbFont"):
            shaped, w = shape(run_font, size, run, bool(level % 2))
        else:
            shaped, w = (run[::-1] if level % 2 else run), stringWidth(run, names[index], size)
        runs.append((names[index], shaped))
        width += w
    return runs, width, _actual(text)


def _canvas_string(original, align: float):
    def draw(self, x, y, text, mode=None, charSpace=0, direction=None, wordSpace=None, shaping=False):  # noqa: N803
        made = None
        if isinstance(text, str) and not charSpace and not wordSpace and direction is None:
            try:
                made = canvas_runs(self._fontname, self._fontsize, text)
            except Exception:  # draw as ReportLab would
                made = None
        if made is None:
            return original(self, x, y, text, mode=mode, charSpace=charSpace, direction=direction,
                            wordSpace=wordSpace, shaping=shaping)
        runs, width, logical = made
        size = self._fontsize
        t = self.beginText(x - align * width, y)
        if mode is not None:
            t.setTextRenderMode(mode)
        t._code.append(actual_text(logical))
        for name, piece in runs:
            t.setFont(name, size)
            t._textOut(piece)
        t._code.append("EMC")
        if mode is not None:
            t.setTextRenderMode(0)
        self.drawText(t)
        return None
    draw.__wrapped__ = original
    return draw


def _shape_canvas_strings() -> None:
    """Route ``Canvas.drawString``, ``drawRightString`` and
    ``drawCentredString`` through :func:`canvas_runs` (see there)."""
    from reportlab.pdfgen.canvas import Canvas

    for name, align in (("drawString", 0.0), ("drawRightString", 1.0), ("drawCentredString", 0.5)):
        original = getattr(Canvas, name)
        if not hasattr(original, "__wrapped__"):
            setattr(Canvas, name, _canvas_string(original, align))


def _split_at_word_boundaries(p) -> None:
    from .breaks import install as install_breaks

    install_breaks(p)


def install(fallback_faces: frozenset[str] = frozenset(), body: str = "") -> None:
    """Put the hooks around ReportLab's paragraph line drawing, word
    cutting and canvas strings (once per process; see the module and
    :mod:`assessor.report.breaks`); ``fallback_faces``: the names of the
    chain's faces other than the ``body`` face (:mod:`assessor.report.fonts`)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        _faces["fallback"], _faces["body"] = frozenset(fallback_faces), body
        from reportlab.platypus import paragraph as p

        right_x, right = p._rightDrawParaLineX, p._rightDrawParaLine
        p._leftDrawParaLineX = _wrap_x(p._leftDrawParaLineX, right=right_x)
        p._centerDrawParaLineX = _wrap_x(p._centerDrawParaLineX)
        p._rightDrawParaLineX = _wrap_x(right_x)
        p._justifyDrawParaLineX = _wrap_x(p._justifyDrawParaLineX, right=right_x, justify=True)
        p._leftDrawParaLine = _wrap_simple(p._leftDrawParaLine, right=right)
        p._centerDrawParaLine = _wrap_simple(p._centerDrawParaLine)
        p._rightDrawParaLine = _wrap_simple(right)
        p._justifyDrawParaLine = _wrap_simple(p._justifyDrawParaLine, right=right, justify=True)
        draw_para = p.Paragraph.drawPara

        def drawPara(self, debug=0):  # noqa: N802 - ReportLab's name
            _annotate(self)
            return draw_para(self, debug)

        p.Paragraph.drawPara = drawPara
        _keep_weight_in_font_faces()
        _split_at_word_boundaries(p)
        _shape_canvas_strings()
        _installed = True

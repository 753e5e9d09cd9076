"""Turn any text a user typed into safe ReportLab paragraph markup.

The ``rich`` Jinja filter (``{{ note | rich }}``) is the only way user text
should enter a ``<para>`` of the report template.  For each line it:

1. cleans the text (:func:`clean`): NFC, no characters XML 1.0 forbids;
2. keeps the text in logical order (as typed): shaping (HarfBuzz) and the
   bidirectional algorithm are applied to each printed line after ReportLab
   has broken the paragraph into lines (:mod:`assessor.report.scripts`);
3. escapes ``& < > " '`` -- before any markup exists, so nothing a user
   typed can become a tag;
4. splits the escaped text into runs by the font of each letter (its
   script's face, see :data:`assessor.report.fonts.SCRIPT_FACES`, else the
   first face of :data:`assessor.report.fonts.CHAIN` whose cmap has it);
   spaces, punctuation, digits and combining marks stay in the run of the
   letter before them when its font has them (else the letter after them),
   so a quote mark or a bracket next to Arabic or Hebrew is never dropped
   into a font that lacks it, and wraps every run not in the body font in
   ``<font face="...">``;
5. ties the last two words of a long line (:func:`tie_last_word`) and
   joins the lines with ``<br/>``.

A note longer than :data:`TEXT_LIMIT` characters (any other text longer
than :data:`RICH_LIMIT`: it is one paragraph) is shown up to there,
followed by a line saying how many characters are left out: a pasted
megabyte would otherwise make a report of hundreds of pages.

A character no font has becomes a visible "□"; invisible joiners and
variation selectors no font has are dropped.  Nothing here raises.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from markupsafe import Markup

from .fonts import BODY, CHAIN, coverage, script_face
from .scripts import use_font_runs

REPLACEMENT = "\u25a1"  # WHITE SQUARE, in DejaVu Sans
BLOCK_LINES = 30  # lines of a note per <para>, see blocks()
TEXT_LIMIT = 50_000  # characters of one note shown in the report (about 17 pages); the rest is counted
RICH_LIMIT = 5_000  # characters of one single-paragraph text (a prompt, an anchor, a flag)
BLOCK_CHARS = 2400  # characters per <para> (about 30 printed lines of 80), see blocks()

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_TOKEN = re.compile(r"&(?:amp|lt|gt|quot|#39);|.", re.DOTALL)
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}


def clean(value: object) -> str:
    """``value`` as text that is safe in XML: ``None`` gives ``""``.

    Normalises to NFC (so "e" + combining diaeresis is one glyph), turns
    CR/LF variants into ``\\n`` and tabs into spaces, and replaces characters
    XML 1.0 forbids (controls, lone surrogates) with "□".
    """
    if value is None:
        return ""
    text = str.__str__(value) if isinstance(value, str) else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = _FORBIDDEN.sub(REPLACEMENT, text)
    return unicodedata.normalize("NFC", text)


def escape(text: str) -> str:
    """Escape the five XML-special characters of ``text``."""
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


@lru_cache(maxsize=8192)
def face_for(ch: str) -> str | None:
    """The face that draws ``ch``: a name of the chain, ``""`` to drop the
    character (an invisible mark no font has), or ``None`` if it needs the
    replacement glyph."""
    cp = ord(ch)
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:
        return ""  # variation selectors: glyphs are monochrome anyway
    cover = coverage()
    preferred = script_face(cp)
    if preferred and cp in cover[preferred]:
        return preferred
    for face in CHAIN:
        if cp in cover[face.name]:
            return face.name
    if unicodedata.category(ch) in ("Mn", "Me", "Cf") or 0x1F3FB <= cp <= 0x1F3FF:
        return ""
    return None


def _neutral(ch: str) -> bool:
    """True for a character that takes its font from its neighbours: white
    space, punctuation, symbols, digits and combining marks (Unicode
    bidirectional classes other than L, R and AL)."""
    return unicodedata.bidirectional(ch) not in ("L", "R", "AL")


def _runs(escaped: str) -> list[tuple[str, str]]:
    tokens = _TOKEN.findall(escaped)
    faces: list[str | None] = []
    for token in tokens:
        if len(token) > 1:
            faces.append("&")  # an entity: placed with its neighbours below
        else:
            faces.append(face_for(token))
    cover = coverage()
    # a neutral character (or an entity) keeps the face of the letter before
    # it if that face has it, else takes the face of the letter after it
    resolved: list[str | None] = list(faces)
    prev: str | None = None
    for i, token in enumerate(tokens):
        face = faces[i]
        if face == "":
            continue
        char = _ENTITY_CHARS.get(token, token)
        if face == "&" or (face is not None and len(char) == 1 and _neutral(char)):
            if prev is not None and ord(char) in cover[prev]:
                resolved[i] = prev
                continue
            nxt = next((faces[j] for j in range(i + 1, len(tokens))
                        if faces[j] not in ("", "&", None) and not _neutral(_ENTITY_CHARS.get(tokens[j], tokens[j]))), None)
            if nxt is not None and ord(char) in cover[nxt]:
                resolved[i] = nxt
            elif face == "&":
                resolved[i] = face_for(char) or BODY
            prev = resolved[i]
        else:
            prev = face
    runs: list[tuple[str, str]] = []
    for token, face in zip(tokens, resolved):
        if face == "":
            continue
        if face is None:
            face, token = BODY, REPLACEMENT
        if runs and runs[-1][0] == face:
            runs[-1] = (face, runs[-1][1] + token)
        else:
            runs.append((face, token))
    return runs


_ENTITY_CHARS = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'"}
_UNESCAPE = re.compile("|".join(_ENTITY_CHARS))


def font_runs(text: str) -> list[tuple[str, str]]:
    """``text`` (plain, one line) cut into runs ``(face name, text)`` by the
    same rules as paragraph text (see the module): for what is drawn
    outside a paragraph (:func:`assessor.report.scripts.canvas_runs`).
    The text is cleaned, not escaped; a character no font has is "□"."""
    return [(face, _UNESCAPE.sub(lambda m: _ENTITY_CHARS[m.group(0)], run))
            for face, run in _runs(escape(clean(text).replace("\n", " ")))]


use_font_runs(font_runs)  # strings drawn on the canvas pick their faces as paragraphs do


def line_markup(line: str) -> str:
    """Paragraph markup for one line of already cleaned text (logical order)."""
    parts = []
    for face, text in _runs(escape(line)):
        parts.append(text if face == BODY else f'<font face="{face}">{text}</font>')
    return "".join(parts)


def _lines(value: object, limit: int = TEXT_LIMIT) -> list[str]:
    text = clean(value)
    if len(text) > limit:
        rest = len(text) - limit
        text = text[:limit] + f"\n[… {rest:,} more characters are not shown in the report; Assessor keeps the full text]"
    return [tie_last_word(line) for line in text.split("\n")]


TIE_WORDS = 5  # a line of at least this many words gets its last two tied
TIE_CHARS = 24  # ... when the last two words together are at most this long


def tie_last_word(line: str) -> str:
    """``line`` with the space before its last word made non-breaking
    (U+00A0) when it has at least :data:`TIE_WORDS` words and its last two
    words are short (:data:`TIE_CHARS`), so a paragraph never ends in a
    line of one short word (a typographer's widow; ReportLab keeps U+00A0
    unbroken).  The PDF maps U+00A0 back to a space for copying out."""
    words = line.split(" ")
    if len(words) < TIE_WORDS or not words[-1] or not words[-2] or len(words[-2]) + len(words[-1]) + 1 > TIE_CHARS:
        return line
    return " ".join(words[:-1]) + "\u00a0" + words[-1]


def rich(value: object) -> Markup:
    """The Jinja filter: any value as safe paragraph markup (see module)."""
    return Markup("<br/>".join(line_markup(line) for line in _lines(value, RICH_LIMIT)))


def blocks(value: object, lines: int = BLOCK_LINES) -> list[Markup]:
    """The Jinja filter for long text: like :func:`rich`, but cut every
    ``lines`` printed lines into separate paragraph markups.

    ReportLab splits a paragraph across pages by re-wrapping the rest of it
    at every page, so a note of thousands of lines in one ``<para>`` takes
    minutes; as paragraphs of ``lines`` lines it takes well under a second.
    A block also holds at most :data:`BLOCK_CHARS` characters: a single
    long line (a pasted document without line breaks) is cut at spaces
    into several paragraphs, so the time stays linear in the text's length.
    Always at least one (possibly empty) block.
    """
    out: list[Markup] = []
    current: list[str] = []
    size = 0
    for line in _lines(value):
        for piece in _pieces(line, BLOCK_CHARS):
            if current and (len(current) >= lines or size + len(piece) > BLOCK_CHARS):
                out.append(Markup("<br/>".join(current)))
                current, size = [], 0
            current.append(line_markup(piece))
            size += len(piece)
    if current:
        out.append(Markup("<br/>".join(current)))
    return out or [Markup("")]


_SENTENCE_END = re.compile(r"[.!?;:。！？]\s+")


def _pieces(line: str, width: int) -> list[str]:
    """``line`` cut into pieces of at most ``width`` characters: after the
    last sentence end in the second half of a piece, else at the last
    space; a longer word is cut too (it would overflow the page width
    anyway)."""
    if len(line) <= width:
        return [line]
    pieces: list[str] = []
    while len(line) > width:
        ends = [m.end() for m in _SENTENCE_END.finditer(line, width // 2, width)]
        if ends:  # a block ends where a sentence does: the note reads as paragraphs, not cut mid-sentence
            cut = ends[-1]
        else:
            cut = line.rfind(" ", width // 2, width)
            cut = width if cut < 0 else cut + 1
        pieces.append(line[:cut])
        line = line[cut:]
    return pieces + [line] if line else pieces


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def plain(value: object, limit: int = 0) -> str:
    """Cleaned text on one line, cut to ``limit`` columns (0: no limit;
    wide CJK and emoji characters count two) with "…"; for outline
    entries, PDF metadata and table cells."""
    text = " ".join(clean(value).split())
    if not limit or len(text) * 2 <= limit:
        return text
    used = 0
    for i, ch in enumerate(text):
        used += _width(ch)
        if used > limit - 1:
            return text[:i].rstrip() + "…"
    return text

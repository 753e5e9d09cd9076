"""Where a word too long for its line may be cut: Thai at word boundaries,
everything else between grapheme clusters.

ReportLab breaks a paragraph into lines at spaces.  Thai is written without
spaces between words, so a Thai sentence is one "word" to ReportLab; a word
wider than the whole line is cut (``splitLongWords``) where it overflows,
at any character: inside a Thai word, between a consonant and its vowel or
tone mark, inside a Devanagari conjunct.  :func:`install` makes that cut
fall only at a :func:`break_points` offset:

* inside a run of Thai letters, between two words as PyThaiNLP's ``newmm``
  tokeniser finds them (dictionary-based maximal matching over Thai
  Character Clusters, with PyThaiNLP's default word list of about 62,000
  words; ``safe_mode`` bounds its time on long text);
* elsewhere, between two extended grapheme clusters (UAX #29, the
  ``regex`` module's ``\\X``): a letter never loses its marks;
* a Thai word (or any run between two such points) wider than a line is
  cut between its grapheme clusters.

A Thai phrase shorter than a line that does not fit the rest of one moves
to the next line whole, as a long word does (ReportLab cuts only words
wider than a line).  PyThaiNLP is imported, and its word list read (about
0.3 s), the first time a Thai word has to be cut.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import regex

THAI = re.compile("[\u0e00-\u0e7f]+")
"""A run of the Thai block (letters, vowels, tone marks, digits)."""

_GRAPHEME = regex.compile(r"\X")
_lock = threading.Lock()
_segment = None


def _thai_segment():
    """PyThaiNLP's ``newmm.segment``, imported once, quietly
    (:func:`assessor.environment.quiet_pythainlp`)."""
    global _segment
    with _lock:
        if _segment is None:
            from assessor.environment import quiet_pythainlp

            quiet_pythainlp()
            from pythainlp.tokenize.newmm import segment

            _segment = segment
    return _segment


def grapheme_points(text: str) -> list[int]:
    """The offsets of ``text``, from 0 to ``len(text)``, between its extended
    grapheme clusters (UAX #29)."""
    points = [0]
    for match in _GRAPHEME.finditer(text):
        points.append(match.end())
    return points


@lru_cache(maxsize=1024)
def thai_words(run: str) -> tuple[str, ...]:
    """``run`` (Thai letters) as words, by PyThaiNLP's ``newmm``; the words
    join back to ``run``."""
    words = tuple(_thai_segment()(run, safe_mode=True))
    return words if "".join(words) == run else (run,)


def break_points(text: str) -> list[int]:
    """The offsets, from 0 to ``len(text)`` inclusive and in order, where
    ``text`` (one word: no spaces) may be cut (see the module)."""
    graphemes = grapheme_points(text)
    if not THAI.search(text):
        return graphemes
    inside_thai: set[int] = set()
    words: set[int] = set()
    for match in THAI.finditer(text):
        start = match.start()
        inside_thai.update(range(match.start() + 1, match.end()))
        for word in thai_words(match.group(0)):
            start += len(word)
            words.add(start)
    return [k for k in graphemes if k not in inside_thai or k in words]


def units(text: str, widths: list[float], widest: float) -> list[tuple[int, int]]:
    """``text`` cut at :func:`break_points` into ``(start, end)`` pieces;
    a piece wider than ``widest`` points (``widths``: each character's) is
    cut again between its grapheme clusters."""
    points = break_points(text)
    out: list[tuple[int, int]] = []
    for a, b in zip(points, points[1:]):
        if sum(widths[a:b]) <= widest or b - a == 1:
            out.append((a, b))
            continue
        inner = [a + k for k in grapheme_points(text[a:b])]
        out.extend(zip(inner, inner[1:]))
    return out


def _needs(text: str) -> bool:
    return not text.isascii()


def _split_word(p, original):
    """ReportLab's ``_splitWord`` (a word of a one-font paragraph), cutting
    only between :func:`units`."""
    def split_word(w, lineWidth, maxWidths, lineno, fontName, fontSize, encoding="utf8"):  # noqa: N803
        text = w.decode(encoding) if isinstance(w, bytes) else w
        if not _needs(text):
            return original(w, lineWidth, maxWidths, lineno, fontName, fontSize, encoding)
        width = [p.stringWidth(c, fontName, fontSize, encoding) for c in text]
        maxlineno = len(maxWidths) - 1
        max_width = maxWidths[min(maxlineno, lineno)]
        max_next = maxWidths[min(maxlineno, lineno + 1)]
        bidi = p.isBidiStr(text)
        out = []
        word_text = ""
        line_width = lineWidth
        for a, b in units(text, width, min(maxWidths[min(maxlineno, lineno):] or [max_width])):
            uw = sum(width[a:b])
            if line_width + uw > max_width and (word_text or uw <= max_next):
                out.append(p.bidiStrWrap(p._SplitWord(word_text), text) if bidi else p._SplitWord(word_text))
                lineno += 1
                max_width = maxWidths[min(maxlineno, lineno)]
                max_next = maxWidths[min(maxlineno, lineno + 1)]
                line_width = 0
                word_text = ""
            word_text += text[a:b]
            line_width += uw
        out.append(p.bidiStrWrap(p._SplitWordEnd(word_text), text) if bidi else p._SplitWordEnd(word_text))
        return out
    split_word.__wrapped__ = original
    return split_word


def _split_frag_word(p, original):
    """ReportLab's ``_splitFragWord`` (a word of runs in several fonts),
    cutting only between :func:`units`."""
    def split_frag_word(w, maxWidth, maxWidths, lineno):  # noqa: N803
        items = list(p._fragWordIter(w))
        if any(not isinstance(c, str) or len(c) != 1 for _g, _cw, c in items):
            return original(w, maxWidth, maxWidths, lineno)
        text = "".join(c for _g, _cw, c in items)
        if not _needs(text):
            return original(w, maxWidth, maxWidths, lineno)
        width = [cw for _g, cw, _c in items]
        maxlineno = len(maxWidths) - 1
        max_next = maxWidths[min(maxlineno, lineno + 1)]
        out = []
        parts: list = []
        line_width = 0.0
        frag_text = ""
        word_width = 0.0
        f = w[1][0]
        for a, b in units(text, width, min(maxWidths[min(maxlineno, lineno + 1):] or [max_next])):
            uw = sum(width[a:b])
            too_long = line_width + uw > maxWidth and bool(word_width or uw <= max_next)
            for k in range(a, b):
                g, cw, c = items[k]
                cut = too_long and k == a
                if g is not f or cut:
                    f = f.clone()
                    if hasattr(f, "text"):
                        f.text = frag_text
                    parts.append((f, frag_text))
                    if cut:
                        out.append(p._SplitFrag([word_width] + parts))
                        lineno += 1
                        maxWidth = max_next
                        max_next = maxWidths[min(maxlineno, lineno + 1)]
                        parts = []
                        line_width = 0.0
                        word_width = 0.0
                    frag_text = ""
                    f = g
                word_width += cw
                frag_text += c
                line_width += cw
        parts.append((f, frag_text))
        out.append((p._SplitFragHS if isinstance(w, p._HSFrag) else p._SplitFragH)([word_width] + parts))
        return out
    split_frag_word.__wrapped__ = original
    return split_frag_word


def install(p) -> None:
    """Put :func:`_split_word` and :func:`_split_frag_word` in place of
    ReportLab's in its paragraph module ``p`` (once)."""
    if not hasattr(p._splitWord, "__wrapped__"):
        p._splitWord = _split_word(p, p._splitWord)
    if not hasattr(p._splitFragWord, "__wrapped__"):
        p._splitFragWord = _split_frag_word(p, p._splitFragWord)

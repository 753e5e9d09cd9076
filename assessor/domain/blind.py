"""Blind mode: the evidence without the person.

A blind report lets a reviewer judge the ratings and notes alone
(:func:`blind_candidate`, :func:`blind_assessment`): the candidate's name
becomes a code, the email is dropped, and the person is redacted from every
note, takeaway and reason by :func:`redactor`.

Redaction works on people, not letters (issue 15, "blind mode redacts
people, not letters"):

- **Whole words only.** A name part is replaced where it stands as a word,
  never inside another word: for "Ana" the word "banana" is kept, and
  "analysis" stays "analysis".
- **Every part of the name, whatever its length**: "Li" in "Mrs Li said",
  each half of a hyphenated "Zebulon-Marsh" and the whole of it. A part of
  one letter is an initial and is redacted only as one ("A." in "A. Smith"),
  so the English article "a" survives a name such as "A Smith"; before an
  apostrophe it belongs to the next word ("O'Brien" is one word).
- **Run-together spellings**: the name or a hyphenated or apostrophised
  part written without its separators ("OBrien", "ZebulonMarsh",
  "AnnLee") is redacted too.
- **Folded variants**: words are compared case-folded and transliterated to
  ASCII with ``anyascii`` (a maintained transliteration table), so
  "Zoe Angstrom", "ZOË ÅNGSTRÖM" and "zoe angstrom" all match "Zoë
  Ångström", and "Lukasz" matches "Łukasz".
- **Scripts written without spaces** (Han, kana, Hangul syllables run
  together, Thai, Lao, Khmer, Myanmar) have no word boundaries to respect, so
  a name part in one of them is matched wherever it occurs ("王小明说" gives
  the code followed by "说").
- **The email**, whole, and its local part as a word ("zoe.orsted" in
  "ask zoe.orsted about it").

A run of redacted words that only spaces, hyphens or apostrophes separate
becomes one code, so "Zoë Ørsted" reads "C-1A2B3C", not the code twice.
A name that is also an ordinary word ("Will", "Grace") is redacted wherever
that word stands: a blind report errs on the side of hiding the person.
The code is derived from the candidate's stable id, so the hiring manager
can match a blind report to a candidate and a reviewer cannot.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace

from anyascii import anyascii

from .assessment import Amendment, Assessment, Candidate

#: Combining marks and joiners that belong inside a word although ``\w`` does
#: not match them (Python's ``re`` has no ``\p{M}``): the combining blocks,
#: Hebrew and Arabic marks, the Indic blocks whole (their vowel signs and
#: viramas are marks), ZWNJ and ZWJ.
_MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
          "\u0900-\u0dff\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d\u20d0-\u20ff\ufe20-\ufe2f")
#: A word: letters, digits and marks (``\w`` less the underscore).
_WORD = re.compile(f"(?:[^\\W_]|[{_MARKS}])+")
#: A name written in Han characters only.
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
#: What may stand between two redacted words of one name.
_JOINER = re.compile(r"[\s\-\u2010\u2011'\u2019\u200b\u2060\ufeff]+")  # spaces, hyphens, apostrophes, zero-width
#: Scripts written without spaces between words (Unicode script blocks).
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)


def candidate_code(candidate: Candidate) -> str:
    """A code such as ``"C-4F9A21"``: six hex digits of SHA-256 of the
    candidate's stable id (``uid``, else the numeric id)."""
    key = candidate.uid or str(candidate.id)
    return "C-" + hashlib.sha256(key.encode()).hexdigest()[:6].upper()


def fold(word: str) -> str:
    """``word`` as blind mode compares it: NFKC, transliterated to ASCII by
    ``anyascii`` where it has a Latin reading, then case-folded
    (``"ÉMILE"`` and ``"emile"`` both give ``"emile"``; ``"Łukasz"`` gives
    ``"lukasz"``).  A word with no ASCII reading is kept case-folded."""
    word = unicodedata.normalize("NFKC", word)
    ascii_form = anyascii(word)
    return (ascii_form if ascii_form.strip() else word).casefold()


def _name_keys(name: str) -> tuple[set[str], set[str], set[str]]:
    """The name's words split three ways: folded keys matched as whole
    words, initials (one letter, matched as ``"A."``), and parts in a script
    without spaces (matched anywhere).  A part in such a script also gives
    its transliterated syllables and their runs ("王小明" gives "wang",
    "xiaoming", "wangxiaoming" and the rest) so a romanised spelling is
    redacted too; a Han name of three or more characters also gives the
    given name after its first character ("小明"), the usual one-character
    family name."""
    words, initials, unspaced = set(), set(), set()
    name = unicodedata.normalize("NFC", name)
    parts = _WORD.findall(name)
    # the name, and each of its space-separated chunks ("O'Brien", "Zebulon-Marsh"),
    # written run together: "obrien", "zebulonmarsh", "annlee" for "Ann Lee"
    for run in [parts, *(_WORD.findall(chunk) for chunk in name.split())]:
        if len(run) > 1 and not any(_UNSPACED.search(p) for p in run):
            words.add(fold("".join(run)))
    for part in parts:
        if _UNSPACED.search(part):
            unspaced.add(part)
            if len(part) >= 3 and _HAN.fullmatch(part):
                unspaced.add(part[1:])  # the given name after a one-character family name
            syllables = re.findall(r"[A-Z][a-z]*", anyascii(part)) or [anyascii(part)]
            words.update("".join(syllables[i:j]).casefold() for i in range(len(syllables))
                         for j in range(i + 1, len(syllables) + 1) if len("".join(syllables[i:j])) > 1)
        elif len(part) == 1:
            initials.add(part.upper())
        else:
            words.add(fold(part))
    return words, initials, unspaced


def redactor(candidate: Candidate) -> Callable[[str], str]:
    """A function ``text -> text`` that replaces the candidate's name and
    email in ``text`` with :func:`candidate_code`, by the rules in this
    module's docstring.  Text is compared in NFC; empty text is returned as
    it is.  Nothing is raised for any input."""
    code = candidate_code(candidate)
    words, initials, unspaced = _name_keys(candidate.name)
    email = candidate.email.strip()
    local = email.split("@", 1)[0] if "@" in email else ""
    literal = [re.compile(re.escape(email), re.IGNORECASE)] if email else []
    if len(local) > 1:
        literal.append(re.compile(rf"(?<![\w.]){re.escape(local)}(?![\w@])", re.IGNORECASE))
    literal += [re.compile(re.escape(p)) for p in sorted(unspaced, key=len, reverse=True)]
    if not (words or initials or literal):
        return lambda text: text

    def spans(text: str) -> list[tuple[int, int]]:
        found = [m.span() for pattern in literal for m in pattern.finditer(text)]
        apostrophised = []  # "O" before an apostrophe: redacted only if the next word is
        for m in _WORD.finditer(text):
            token = m.group()
            after = text[m.end():m.end() + 1]
            if token in initials and after == ".":
                found.append((m.start(), m.end() + 1))
            elif token in initials and after in ("'", "\u2019"):  # the O of O'Brien, not of O'Neil
                apostrophised.append(m.span())
            elif len(token) > 1 and fold(token) in words:
                found.append(m.span())
        starts = {start for start, _ in found}
        found += [(start, end) for start, end in apostrophised if end + 1 in starts]
        merged: list[list[int]] = []
        for start, end in sorted(found):
            if merged and (start <= merged[-1][1] or _JOINER.fullmatch(text, merged[-1][1], start)):
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return [(s, e) for s, e in merged]

    def redact(text: str) -> str:
        if not text:
            return text
        text = unicodedata.normalize("NFC", text)
        out, last = [], 0
        for start, end in spans(text):
            out += [text[last:start], code]
            last = end
        return "".join(out) + text[last:]

    return redact


def blind_candidate(candidate: Candidate) -> Candidate:
    """``candidate`` with the name replaced by its code and no email."""
    return replace(candidate, name=candidate_code(candidate), email="")


def blind_assessment(assessment: Assessment) -> Assessment:
    """A copy of ``assessment`` for a blind report: the candidate blinded
    (:func:`blind_candidate`) and their name and email redacted
    (:func:`redactor`) from every note, the takeaways, the departure reason
    and amendments' reasons and notes.  The seal is kept (it was made over
    the real text)."""
    redact = redactor(assessment.candidate)
    responses = {k: replace(r, notes=redact(r.notes)) for k, r in assessment.responses.items()}
    amendments = [
        replace(m, reason=redact(m.reason),
                old=redact(m.old) if isinstance(m.old, str) and m.field != "recommendation" else m.old,
                new=redact(m.new) if isinstance(m.new, str) and m.field != "recommendation" else m.new)
        for m in assessment.amendments
    ]
    return replace(assessment, candidate=blind_candidate(assessment.candidate), responses=responses,
                   takeaways=redact(assessment.takeaways), departure_reason=redact(assessment.departure_reason),
                   amendments=amendments)


__all__ = ["Amendment", "blind_assessment", "blind_candidate", "candidate_code", "fold", "redactor"]

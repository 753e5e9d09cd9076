"""Blind mode redacts people, not letters (issue 15): whole words only,
every part of the name whatever its length, case- and accent-folded
spellings, the email and its local part, names in scripts without spaces.
Each case is a note as an interviewer would write it and the text a blind
reviewer must read."""

from __future__ import annotations

from datetime import datetime

import pytest

from assessor.domain import Candidate, candidate_code
from assessor.domain.blind import fold, redactor


def candidate(name: str, email: str = "") -> Candidate:
    return Candidate(7, name, email, "test-role", datetime(2026, 1, 1), uid="uid-7")


CODE = candidate_code(candidate("x"))


@pytest.mark.parametrize(("name", "email", "note", "blind"), [
    # short names inside ordinary words are kept; the person is not
    ("Ana Li", "", "The analysis of banana stands was clear; Mrs Li said it.",
     "The analysis of banana stands was clear; Mrs {c} said it."),
    ("Ana Li", "", "ANA explained; ana agreed; Li-style answers", "{c} explained; {c} agreed; {c}-style answers"),
    # accented names, their accent-free and upper-case spellings, a decomposed ë
    ("Zoë Ørsted", "", "Zoe Orsted and ZOË ØRSTED, then zoe\u0308 alone; Orstedian stays",
     "{c} and {c}, then {c} alone; Orstedian stays"),
    ("Łukasz Ébert", "", "Lukasz was quick; EBERT too; Ebertson is someone else",
     "{c} was quick; {c} too; Ebertson is someone else"),
    # hyphenated surname: each half and the whole; a word that contains a half stays
    ("Quentin Zebulon-Marsh", "", "Zebulon-Marsh answered; Marsh was calm; marshland",
     "{c} answered; {c} was calm; marshland"),
    # the email whole and its local part
    ("Ada Lovelace", "a.lovelace@example.org", "mail a.lovelace@example.org or ask a.lovelace today",
     "mail {c} or ask {c} today"),
    # an initial is redacted as an initial, the article "a" is not
    ("A Smith", "", "A. Smith had a plan, a good one", "{c} had a plan, a good one"),
    # scripts without spaces: anywhere; the romanised spelling as words
    ("王小明", "", "王小明说得很好。小明也写了测试. Wang Xiaoming agreed; a wangle",
     "{c}说得很好。{c}也写了测试. {c} agreed; a wangle"),
    ("김민준", "", "김민준은 좋았다", "{c}은 좋았다"),
    # scripts whose words carry combining marks (Devanagari vowel signs, virama)
    ("प्रिया शर्मा", "", "प्रिया ने अच्छा कहा, शर्मा जी", "{c} ने अच्छा कहा, {c} जी"),
    ("Иван Петров", "", "Иван ответил; Ivan Petrov too; Петровка stays", "{c} ответил; {c} too; Петровка stays"),
    # found by a hostile try: an apostrophised name, its run-together spelling, another O' name kept
    ("Siobhan O'Brien", "", "O'Brien said so; OBrien too; O'Neil is her manager",
     "{c} said so; {c} too; O'Neil is her manager"),
    # a zero-width space inside the name or the note, and the name run together
    ("Ann\u200bLee", "", "Ann Lee, AnnLee and Ann\u200bLee", "{c}, {c} and {c}"),
    # characters that mean something to a regular expression
    ("Bob (Jr.) [x]*", "b+o@x.org", "Bob wrote to b+o@x.org; [x]* stays", "{c} wrote to {c}; [x]* stays"),
])
def test_redaction_replaces_the_person_and_keeps_every_other_word(name, email, note, blind):
    assert redactor(candidate(name, email))(note) == blind.format(c=CODE)


def test_a_name_of_many_words_becomes_one_code_and_empty_text_stays_empty():
    redact = redactor(candidate("Maria de la Cruz", "maria@example.org"))
    assert redact("Maria de la Cruz joined") == f"{CODE} joined"
    assert redact("") == "" and redactor(candidate("", ""))("any text") == "any text"


def test_fold_compares_case_and_accents_the_way_the_redactor_does():
    assert fold("ÉMILE") == fold("emile") == "emile"
    assert fold("Łukasz") == "lukasz" and fold("Ørsted") == "orsted"

"""A new bank file to fill in: valid as it is, commented line by line."""

from __future__ import annotations

import re

from assessor.domain import SCHEMA_VERSION

from .schema import SCHEMA_FILE

_TEMPLATE = '''\
# yaml-language-server: $schema={schema_file}
# {title} interview kit (question bank).  Reference: docs/question-bank.md
#
# Fill in every "TODO" text, add items by copying an item (the lines from its
# "- id:" down to the next one), and check the file with
#     assessor bank validate {file_hint}
# Ids: lower-case letters, digits and dashes, unique in this file.  Saved
# interviews keep answers by id: fix a text freely, never change an id.

role_id: {role_id}
title: {title_yaml}
version: "0.1.0"              # bumped by the editor on every saved change
schema_version: {schema_version}             # the bank format this file is written in
description: TODO what this interview kit is for.

# Rating scale: points run 1..N in order; questions are rated on it.
scale:
  points:
    - value: 1
      label: Junior
      meaning: TODO what an answer at this point sounds like.
    - value: 2
      label: Developing
      meaning: TODO what an answer at this point sounds like.
    - value: 3
      label: Proficient
      meaning: TODO what an answer at this point sounds like.
    - value: 4
      label: Senior
      meaning: TODO what an answer at this point sounds like.
  not_assessed: Not assessed

# Resume flags: good signs (green) and points to probe (yellow).
green_flags:
  - id: green-todo
    text: TODO a good sign on the resume
    hint: TODO the evidence to look for.
yellow_flags:
  - id: yellow-todo
    text: TODO something worth probing
    hint: TODO the evidence to look for.

# Questions rated on the scale against their anchors (junior = point 1,
# senior = the top point; "points" may anchor the points in between).
# probes: the follow-up prompts to ask as written, the same for everyone.
questions:
  - id: q-todo
    prompt: TODO the question, as the interviewer asks it
    anchors:
      junior: TODO what a junior answer sounds like.
      senior: TODO what a senior answer sounds like.
      points:
        2: TODO what an answer at point 2 sounds like.
        3: TODO what an answer at point 3 sounds like.
    probes:
      - TODO a follow-up prompt
    must_have: false            # true: rated below the midpoint, it caps the score
    topic: TODO topic
    source: TODO where the question comes from

# Checklists the interviewer ticks; a red flag is optional.
profile:
  - id: profile-todo
    title: TODO area
    intro: "TODO strong candidates can:"
    items:
      - id: todo-skill
        text: TODO a skill shown in the interview
    red_flag:
      id: red-todo
      text: TODO what should worry the interviewer

# Technical terms for the interviewer, and common hiring mistakes.
glossary:
  - term: TODO term
    meaning: TODO what it means
tips:
  - id: tip-todo
    mistake: TODO a common hiring mistake
    why: TODO why it misleads.
    fix: TODO what to do instead.

# Scoring: section weights (questions, or a use case id) and the cap an
# observed red flag or a failed must-have puts on the overall score.
scoring:
  weights:
    questions: 1
  cap: 2
'''


def new_bank_text(role_id: str, title: str = "", file_hint: str = "FILE") -> str:
    """The text of a new, valid bank file for ``role_id`` (``title``
    defaults to the id in words).  Raises ``ValueError`` for an id that is
    not lower-case letters, digits and dashes."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", role_id):
        raise ValueError(f"{role_id!r} is not a valid role id: use lower-case letters, digits and dashes "
                         f"(e.g. backend-developer)")
    title = title.strip() or role_id.replace("-", " ").title()
    return _TEMPLATE.format(schema_file=SCHEMA_FILE, title=title.replace("\n", " "), role_id=role_id,
                            title_yaml=_quoted(title), schema_version=SCHEMA_VERSION, file_hint=file_hint)


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'

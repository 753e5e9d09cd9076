"""Hostile input: markup, template syntax, the CVE-2023-33733 payload, HTML,
control characters, a megabyte, right-to-left and combining text, CJK,
emoji, path separators and reserved names (tests/data/hostile/).

For each, as a candidate name, notes, takeaways and bank texts: the app keeps
working (every service call succeeds and reads back what was written), the
PDF renders with the text shown literally, no file is written outside the
chosen folders, and nothing executes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from assessor.domain import display_name
from assessor.services.signing_keys import key_dir

from assessor.bank import load_kit
from assessor.domain import FlagState, Recommendation
from assessor.services.seal_keys import key_path
from assessor.services import (
    AssessorError, Preferences, add_candidate, export_all, load_assessment, open_interview, open_workspace,
)
from tests.report.helpers import flat
from tests.reliability.hostile import inputs, probes, yaml_quoted

INPUTS = inputs()
WHOLE = [(name, text) for name, text in INPUTS if ":" not in name]
MARKERS = ("cve-2023-33733-pwned", "rml-pwned", "x")


def bank_with(tmp_path: Path, text: str) -> Path:
    """A bank file whose prompt holds ``text``, and (unless it is huge: a
    bank file may be at most 5 MB) its title, anchors, scale and flags too."""
    p = yaml_quoted(text)
    t = p if len(text) < 100_000 else '"short"'
    path = tmp_path / "hostile.yaml"
    path.write_text(f"""role_id: hostile-role
title: {t}
version: "1.0"
description: {t}
scale:
  points:
    - {{value: 1, label: "One", meaning: {t}}}
    - {{value: 2, label: "Two", meaning: "two"}}
green_flags:
  - {{id: g1, text: {t}}}
questions:
  - id: q1
    prompt: {p}
    anchors: {{junior: {t}, senior: "senior"}}
""", encoding="utf-8")
    return path


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name, text", WHOLE, ids=[n for n, _ in WHOLE])
def test_hostile_text_everywhere(tmp_path, monkeypatch, name, text):
    monkeypatch.chdir(tmp_path)
    bank = bank_with(tmp_path, text)
    kit = load_kit(bank)  # bank texts: read back exactly (YAML escapes aside)
    assert kit.questions[0].prompt == text
    data = tmp_path / "data"
    before = files_under(tmp_path)
    ws = open_workspace(str(data / "db.sqlite3"), kits={kit.role_id: kit}, prefs=Preferences(backups_keep=1))
    cand = add_candidate(ws, text, text, kit.role_id)
    interview = open_interview(ws, cand.id, text)
    interview.rate("q1", 2)
    interview.write_notes("q1", text)
    interview.set_flag("g1", FlagState.PRESENT)
    interview.write_notes("g1", text)
    interview.set_takeaways(text)
    interview.set_recommendation(Recommendation.NO)
    interview.set_departure_reason(text)  # the rating is at the midpoint: No needs a reason
    interview.submit()
    stored = load_assessment(ws, interview.assessment.id)
    assert stored.candidate.name == text.strip() and stored.responses["q1"].notes == text
    assert stored.takeaways == text and stored.interviewer == display_name(text)[:200]  # NFKC, invisibles removed, 200 at most

    out = tmp_path / "chosen"
    result = export_all(ws, out)
    written, failed = result.written, result.failed
    assert failed == [] and [p.parent for p in written] == [out]
    pdf = written[0].read_bytes()
    assert pdf.startswith(b"%PDF-")
    shown = flat(pdf)
    for probe in probes(text):
        assert probe in shown, probe
    if name == "jinja":
        # never evaluated: no 49 once the note itself, the seal's hex digest, the key's fingerprint, the
        # blind code ("C-31494C", random per candidate) and the times are taken out
        rest = re.sub(r"[0-9a-f]{16,}|ed25519:[0-9a-f ]+|C-[0-9A-F]{6}|\d{4}-\d\d-\d\d|\d\d:\d\d(:\d\d)?", "",
                      shown.replace("{{7*7}}", ""))
        assert "{{7*7}}" in shown and "49" not in rest
    if name == "megabyte":
        assert "morecharactersarenotshowninthereport" in shown
    ws.close()
    new = files_under(tmp_path) - before
    # beside the chosen folder and the database, only the interviewer's signing key made at first need
    assert all(out in p.parents or data in p.parents or key_dir() in p.parents for p in new), sorted(map(str, new))
    for marker in MARKERS:  # nothing the payloads would create exists
        assert not Path(marker).exists() and not (tmp_path / marker).exists()
    assert not Path("/tmp/cve-2023-33733-pwned").exists()


def test_names_never_lead_an_export_out_of_its_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    from tests.kits import small_kit

    kit = small_kit()
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit}, prefs=Preferences(backups_keep=0))
    names = [text for name, text in INPUTS if ":" in name]
    added = 0
    for text in names:
        try:
            cand = add_candidate(ws, text, "", kit.role_id)
        except AssessorError as exc:  # a blank name: refused with a message, nothing stored
            assert text.strip() == "" and "needs a name" in str(exc)
            continue
        open_interview(ws, cand.id, "Ivo").rate("q1", 1)
        added += 1
    out = tmp_path / "chosen folder"
    before = files_under(tmp_path)
    result = export_all(ws, out, viewer="Ivo")  # his own drafts
    written, failed = result.written, result.failed
    ws.close()
    assert failed == [] and len(written) == added == len(names) - 1
    for path in written:
        # the id, then the name's readable form; a name with nothing to write ("..") gives the id alone
        assert path.parent == out and re.fullmatch(r"\d{5}(-[a-z0-9-]+)?\.pdf", path.name), path.name
    assert files_under(tmp_path) - before == set(written)
    assert len({p.name for p in written}) == added  # no two candidates share a file
    assert os.listdir(out) and not any(Path(n).exists() for n in ("CON", "NUL", "evil"))

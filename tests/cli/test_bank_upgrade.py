"""``assessor bank upgrade FILE``: a file of an earlier bank format is
rewritten in the current one, its comments and layout kept, as a user
runs it; every earlier file still loads without it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assessor.bank import check_file
from assessor.cli.main import main
from assessor.domain import SCHEMA_VERSION

EARLIER = Path(__file__).resolve().parents[1] / "data" / "earlier_banks"

FORMAT_1 = """\
# A team's bank, written before bank formats had numbers.
role_id: demo
title: Demo   # the title shown in the window
version: "1.0"
scale:
  points:
    - {value: 1, label: Low, meaning: Weak answer}
    - {value: 2, label: High, meaning: Strong answer}
green_flags:
  - id: green-one
    text: A green flag
questions:
  # the only question
  - id: q-one
    prompt: A question?
    anchors: {junior: j, senior: s}
"""


def test_a_format_1_file_gets_the_current_format_after_its_version_and_keeps_its_comments(tmp_path, capsys):
    path = tmp_path / "demo.yaml"
    path.write_text(FORMAT_1, encoding="utf-8")
    assert main(["bank", "upgrade", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: bank format 1 → {SCHEMA_VERSION}\n"
    assert path.read_text(encoding="utf-8") == FORMAT_1.replace(
        'version: "1.0"\n', f'version: "1.0"\nschema_version: {SCHEMA_VERSION}\n')
    assert main(["bank", "upgrade", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: already in bank format {SCHEMA_VERSION}\n"


@pytest.mark.parametrize("name", sorted(p.name for p in EARLIER.glob("*.yaml")))
def test_each_earlier_shipped_bank_loads_and_upgrades_changing_only_its_format_line(tmp_path, capsys, name):
    path = tmp_path / name
    shutil.copy(EARLIER / name, path)
    before = path.read_text(encoding="utf-8")
    kit, problems = check_file(path)
    assert kit is not None and [p for p in problems if p.is_error] == []
    assert main(["bank", "upgrade", str(path)]) == 0
    after = path.read_text(encoding="utf-8")
    old = next(v for v in range(1, SCHEMA_VERSION) if f"schema_version: {v}\n" in before)
    assert after == before.replace(f"schema_version: {old}\n", f"schema_version: {SCHEMA_VERSION}\n", 1)
    upgraded, _ = check_file(path)
    assert upgraded == kit


def test_a_file_with_an_error_is_not_rewritten_and_the_message_says_why(tmp_path, capsys):
    path = tmp_path / "broken.yaml"
    text = FORMAT_1.replace("    text: A green flag\n", "")
    path.write_text(text, encoding="utf-8")
    assert main(["bank", "upgrade", str(path)]) != 0
    err = capsys.readouterr().err
    assert "has 1 error(s); fix them first" in err and "missing required field 'text'" in err
    assert "Traceback" not in err
    assert path.read_text(encoding="utf-8") == text

"""Loading folders of bank files: validate_paths, load_kits, the built-in banks."""

from __future__ import annotations

from pathlib import Path

from assessor.bank import builtin_bank_dir, load_builtin_kits, load_kits, validate_paths

GOOD = """\
role_id: {role}
title: Demo
version: "1.0"
scale:
  points:
    - {{value: 1, label: Low, meaning: Weak answer}}
    - {{value: 2, label: High, meaning: Strong answer}}
green_flags:
  - {{id: green-one, text: A green flag}}
questions:
  - id: q-one
    prompt: A question?
    anchors: {{junior: A junior answer, senior: A senior answer}}
"""


def make_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "a-good.yaml").write_text(GOOD.format(role="demo"), encoding="utf-8")
    (folder / "b-broken.yaml").write_text("role_id: [\n", encoding="utf-8")
    (folder / "c-same-role.yaml").write_text(GOOD.format(role="demo"), encoding="utf-8")
    (folder / "notes.txt").write_text("not a bank", encoding="utf-8")
    return folder


def test_load_kits_loads_what_it_can(tmp_path):
    folder = make_folder(tmp_path)
    kits, problems = load_kits(folder)
    assert list(kits) == ["demo"]
    kit, path = kits["demo"]
    assert path == folder / "a-good.yaml" and kit.title == "Demo"
    assert [(Path(p.path).name, p.line, p.column) for p in problems] == [
        ("b-broken.yaml", 2, 1),
        ("c-same-role.yaml", 1, 10),
    ]
    assert problems[1].message == f"role_id 'demo' is already used by {folder / 'a-good.yaml'}"


def test_load_kits_of_a_missing_folder_is_empty(tmp_path):
    assert load_kits(tmp_path / "nothing") == ({}, [])


def test_validate_paths_takes_folders_and_files(tmp_path):
    folder = make_folder(tmp_path)
    problems = validate_paths([folder, tmp_path / "missing.yaml"])
    names = [Path(p.path).name for p in problems]
    assert names == ["b-broken.yaml", "c-same-role.yaml", "missing.yaml"]
    assert validate_paths([folder / "a-good.yaml"]) == []


def test_builtin_bank_dir_holds_the_flask_bank():
    assert (builtin_bank_dir() / "flask-developer.yaml").is_file()


def test_builtin_banks_are_valid():
    assert validate_paths([builtin_bank_dir()]) == []
    kits = load_builtin_kits()
    assert "flask-developer" in kits
    assert kits["flask-developer"].title == "Flask Developer"

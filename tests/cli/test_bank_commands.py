"""``assessor bank list / schema / new / validate / export / import``, run as
a user would: printed lines and exit codes."""

from __future__ import annotations

import json

from assessor.cli.main import main
from assessor.services import user_bank_dir


def test_list_prints_each_role_with_version_and_file(capsys):
    assert main(["bank", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines] == [["backend-developer", "1.0.0"], ["flask-developer", "1.1.0"],
                                                            ["site-reliability-engineer", "1.0.0"]]
    assert lines[1].split()[2].endswith("question_bank/flask-developer.yaml")


def test_list_names_each_failed_bank_with_its_first_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ASSESSOR_BANK_PATH", str(tmp_path))
    (tmp_path / "broken.yaml").write_text("role_id: broken\ntitle: Broken\n", encoding="utf-8")
    assert main(["bank", "list"]) == 1
    out = capsys.readouterr().out
    assert "flask-developer" in out
    assert f"FAILED {tmp_path / 'broken.yaml'}: 1:1: missing required field 'green_flags'  (+3 more)" in out


def test_schema_is_json_schema_with_every_field(tmp_path, capsys):
    assert main(["bank", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].endswith("2020-12/schema") and schema["additionalProperties"] is False
    assert {"role_id", "questions", "scoring", "schema_version"} <= set(schema["properties"])
    question = schema["$defs"]["Question"]["properties"]
    assert {"probes", "must_have", "anchors"} <= set(question)
    assert main(["bank", "schema", "--out", str(tmp_path / "s.json")]) == 0
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8")) == schema


def test_new_scaffolds_a_valid_file_in_the_users_folder_or_out(tmp_path, capsys):
    assert main(["bank", "new", "qa-engineer"]) == 0
    path = user_bank_dir() / "qa-engineer.yaml"
    assert capsys.readouterr().out.strip() == str(path)
    assert main(["bank", "validate", str(path)]) == 0
    assert main(["bank", "new", "qa-engineer"]) == 1
    assert "exists already" in capsys.readouterr().err
    out = tmp_path / "elsewhere.yaml"
    assert main(["bank", "new", "qa-engineer", "--out", str(out), "--title", "QA: Engineer"]) == 0
    assert 'title: "QA: Engineer"' in out.read_text(encoding="utf-8")


def test_validate_tells_warnings_from_errors(tmp_path, capsys):
    good = tmp_path / "good.yaml"
    main(["bank", "new", "good-role", "--out", str(good)])
    text = good.read_text(encoding="utf-8").replace("TODO ", "")  # filled in: no placeholder warnings
    warned = tmp_path / "warned.yaml"
    warned.write_text(text.replace("  - id: q-todo", "  - id: todo-question"), encoding="utf-8")
    capsys.readouterr()
    assert main(["bank", "validate", str(warned)]) == 0
    out = capsys.readouterr().out.splitlines()
    line = text.splitlines().index("  - id: q-todo") + 1
    assert out == [f"{warned}:{line}:9: warning: id 'todo-question' does not follow the convention: start it "
                   "with 'q-'", "0 error(s), 1 warning(s)"]
    assert main(["bank", "validate", "--strict", str(warned)]) == 1
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("    prompt: ", "    promt: "), encoding="utf-8")
    assert main(["bank", "validate", str(broken)]) == 1
    assert "error: unknown field 'promt' (did you mean 'prompt'?)" in capsys.readouterr().out


def test_validate_without_paths_checks_every_bank_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ASSESSOR_BANK_PATH", str(tmp_path))
    assert main(["bank", "validate"]) == 0
    assert str(tmp_path) in capsys.readouterr().out


def test_export_and_import_one_role(tmp_path, capsys):
    out = tmp_path / "shared.yaml"
    assert main(["bank", "export", "backend-developer", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Backend Developer interview kit")
    assert main(["bank", "import", str(out)]) == 0
    assert (user_bank_dir() / "backend-developer.yaml").read_bytes() == out.read_bytes()
    assert main(["bank", "import", str(out)]) == 1
    assert main(["bank", "import", "--force", str(out)]) == 0
    assert main(["bank", "export", "no-such-role", "--out", str(out)]) == 1


def test_validate_strict_refuses_an_infinite_weight_and_text_for_a_number(tmp_path, capsys):
    good = tmp_path / "good.yaml"
    main(["bank", "new", "good-role", "--out", str(good)])
    text = good.read_text(encoding="utf-8")
    for name, old, new, words in (("inf", "    questions: 1\n", "    questions: .inf\n", "must be a finite number"),
                                  ("text", "  cap: 2\n", '  cap: "2"\n', "'cap' must be a number, not text")):
        assert text.count(old) == 1
        bad = tmp_path / f"{name}.yaml"
        bad.write_text(text.replace(old, new), encoding="utf-8")
        capsys.readouterr()
        assert main(["bank", "validate", "--strict", str(bad)]) == 1
        line = text.splitlines().index(old.rstrip("\n")) + 1
        out = capsys.readouterr().out
        assert f"{bad}:{line}:" in out and words in out, out

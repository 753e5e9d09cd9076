"""Bank folders, and editing banks through the services: save (round trip,
version bump, atomic, in the user's folder for a built-in role), duplicate,
import, export, and the notice a draft gets when its bank changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessor.services import (
    AssessorError, add_candidate, bank_changed, bank_folders, check_role, duplicate_role, export_role, import_role,
    list_banks, new_bank, open_interview, open_role, open_workspace, save_role, user_bank_dir,
)

BUILTIN_ROLES = ["backend-developer", "flask-developer", "site-reliability-engineer"]


@pytest.fixture
def ws(tmp_path):
    workspace = open_workspace(str(tmp_path / "db.sqlite3"))
    yield workspace
    workspace.close()


def team_folder(tmp_path: Path, monkeypatch, *names: str) -> Path:
    folders = []
    for name in names:
        folder = tmp_path / name
        folder.mkdir()
        folders.append(str(folder))
    monkeypatch.setenv("ASSESSOR_BANK_PATH", ":".join(folders))
    return tmp_path / names[0]


def flask_text(title: str = "Flask (team)") -> str:
    ws_path = Path(__file__).resolve().parents[2] / "question_bank" / "flask-developer.yaml"
    return ws_path.read_text(encoding="utf-8").replace("title: Flask Developer", f"title: {title}")


def test_folders_in_order_builtin_user_then_team(tmp_path, monkeypatch):
    team_folder(tmp_path, monkeypatch, "a", "b")
    folders = bank_folders()
    assert folders[0].name == "question_bank"
    assert folders[1] == user_bank_dir() and str(user_bank_dir()).startswith(str(tmp_path))
    assert folders[2:] == [tmp_path / "a", tmp_path / "b"]


def test_team_folders_from_preferences_come_before_the_environments(tmp_path, monkeypatch):
    import types

    team_folder(tmp_path, monkeypatch, "env")
    prefs = types.SimpleNamespace(bank_folders=[str(tmp_path / "shared-drive"), " "])
    monkeypatch.setattr("assessor.services.banks.load_preferences", lambda: prefs)
    assert bank_folders()[2:] == [tmp_path / "shared-drive", tmp_path / "env"]


def test_workspace_knows_each_roles_file(ws):
    assert sorted(ws.kits) == BUILTIN_ROLES
    assert ws.sources["flask-developer"].name == "flask-developer.yaml"
    assert ws.bank_problems == []


def test_a_later_folder_overrides_a_role_and_a_broken_bank_hides_nothing(tmp_path, monkeypatch):
    team = team_folder(tmp_path, monkeypatch, "team")
    (team / "flask.yaml").write_text(flask_text(), encoding="utf-8")
    (team / "broken.yaml").write_text("role_id: broken\ntitle: [\n", encoding="utf-8")
    ws = open_workspace(str(tmp_path / "db.sqlite3"))
    try:
        assert ws.kits["flask-developer"].title == "Flask (team)"
        assert ws.sources["flask-developer"] == team / "flask.yaml"
        assert "backend-developer" in ws.kits
        assert [Path(p.path).name for p in ws.bank_problems] == ["broken.yaml"]
    finally:
        ws.close()
    listing = list_banks()
    flask = next(r for r in listing.roles if r.role_id == "flask-developer")
    assert flask.path == team / "flask.yaml" and flask.overrides[0].name == "flask-developer.yaml"
    assert list(listing.failed) == [str(team / "broken.yaml")]


def test_saving_a_builtin_role_writes_a_copy_in_the_users_folder_with_the_version_bumped(ws):
    doc = open_role(ws, "flask-developer")
    assert doc.read_only
    data = doc.data
    data["questions"][0]["anchors"]["senior"] = "Explains the micro framework idea and its extensions"
    saved = save_role(ws, doc, data)
    assert saved.path == user_bank_dir() / "flask-developer.yaml"
    assert ws.sources["flask-developer"] == saved.path
    kit = ws.kits["flask-developer"]
    assert kit.version == "1.1.1" and kit.questions[0].anchors.senior.startswith("Explains the micro")
    original = doc.text.splitlines()
    written = saved.path.read_text(encoding="utf-8").splitlines()
    assert len(original) == len(written)
    assert [i for i, (a, b) in enumerate(zip(original, written)) if a != b] == [
        original.index('version: "1.1.0"'), original.index("      senior: Explains micro framework concept, "
                                                           "flexibility, extension ecosystem")]


def test_saving_unchanged_data_writes_nothing(ws):
    doc = open_role(ws, "backend-developer")
    assert save_role(ws, doc, doc.data) is doc
    assert not (user_bank_dir() / "backend-developer.yaml").exists()


def test_an_edit_saved_twice_bumps_twice_and_a_version_set_by_hand_is_kept(ws):
    doc = open_role(ws, "backend-developer")
    doc = save_role(ws, doc, {**doc.data, "title": "Backend Engineer"})
    assert ws.kits["backend-developer"].version == "1.0.1"
    doc = save_role(ws, doc, {**doc.data, "title": "Backend Developer"})
    assert ws.kits["backend-developer"].version == "1.0.2"
    save_role(ws, doc, {**doc.data, "description": "New.", "version": "2.0.0"})
    assert ws.kits["backend-developer"].version == "2.0.0"


def test_data_with_errors_is_not_saved(ws):
    doc = open_role(ws, "flask-developer")
    data = doc.data
    data["questions"][0]["prompt"] = ""
    issues = check_role(data)
    assert issues[0].is_error and issues[0].where == "questions › 1 › prompt"
    with pytest.raises(AssessorError, match="questions › 1 › prompt: error: 'prompt' must not be empty"):
        save_role(ws, doc, data)
    assert not (user_bank_dir() / "flask-developer.yaml").exists()


def test_a_file_changed_on_disk_since_it_was_opened_is_not_overwritten(ws, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(flask_text("Mine"), encoding="utf-8")
    ws.sources["flask-developer"] = path
    doc = open_role(ws, "flask-developer")
    assert not doc.read_only
    path.write_text(flask_text("Someone else's"), encoding="utf-8")
    with pytest.raises(AssessorError, match="changed by someone else"):
        save_role(ws, doc, {**doc.data, "title": "Ours"})
    assert "Someone else's" in path.read_text(encoding="utf-8")


def test_the_role_id_cannot_change(ws):
    doc = open_role(ws, "flask-developer")
    with pytest.raises(AssessorError, match="role id cannot change"):
        save_role(ws, doc, {**doc.data, "role_id": "flask-2"})


def test_duplicate_a_role_to_start_a_new_one(ws):
    path = duplicate_role(ws, "flask-developer", "django-developer", "Django Developer")
    assert path == user_bank_dir() / "django-developer.yaml"
    kit = ws.kits["django-developer"]
    assert (kit.title, kit.version) == ("Django Developer", "0.1.0")
    assert "# Flask Developer interview kit" in path.read_text(encoding="utf-8")  # comments kept
    with pytest.raises(AssessorError, match="taken"):
        duplicate_role(ws, "flask-developer", "django-developer", "Again")


def test_export_then_import_a_role(ws, tmp_path):
    out = export_role(ws, "backend-developer", tmp_path)
    assert out == tmp_path / "backend-developer.yaml"
    assert out.read_bytes() == ws.sources["backend-developer"].read_bytes()
    shared = tmp_path / "shared.yaml"
    shared.write_text(out.read_text(encoding="utf-8").replace("title: Backend Developer", "title: Shared"),
                      encoding="utf-8")
    target = import_role(ws, shared)
    assert target == user_bank_dir() / "backend-developer.yaml"
    assert ws.kits["backend-developer"].title == "Shared"
    with pytest.raises(AssessorError, match="already"):
        import_role(ws, shared)
    assert import_role(ws, shared, replace_existing=True) == target


def test_a_broken_file_is_not_imported(ws, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("role_id: x\ntitle: X\n", encoding="utf-8")
    with pytest.raises(AssessorError, match=rf"{bad}:1:1: error: missing required field 'version'"):
        import_role(ws, bad)


def test_a_draft_is_told_when_its_bank_changed(ws):
    candidate = add_candidate(ws, "Ana", "", "flask-developer")
    interview = open_interview(ws, candidate.id, "Ivo")
    assert bank_changed(ws, interview.assessment) is None
    doc = open_role(ws, "flask-developer")
    save_role(ws, doc, {**doc.data, "title": "Flask Developer (v2)"})
    newer = bank_changed(ws, interview.assessment)
    assert newer is not None and newer.title == "Flask Developer (v2)"
    assert open_interview(ws, candidate.id, "Ivo").assessment.kit.title == "Flask Developer"  # the snapshot is kept


def test_new_bank_scaffolds_a_valid_file_and_the_schema_beside_it(tmp_path):
    path = new_bank("data-engineer", title="Data Engineer")
    assert path == user_bank_dir() / "data-engineer.yaml"
    assert (path.parent / "assessor-bank.schema.json").is_file()
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=assessor-bank.schema.json")
    roles = {r.role_id: r for r in list_banks().roles}
    assert roles["data-engineer"].title == "Data Engineer" and roles["data-engineer"].version == "0.1.0"
    with pytest.raises(AssessorError, match="exists already"):
        new_bank("data-engineer")
    with pytest.raises(AssessorError, match="not a valid role id"):
        new_bank("Data Engineer", out=tmp_path / "x.yaml")

"""The cache of validated kits: a second start skips the YAML parser; an
edited file, or a file with problems, is parsed again."""

import shutil

import pytest

import assessor.bank.loader as loader
from assessor.bank import builtin_bank_dir, load_kits
from assessor.bank.cache import cache_dir


@pytest.fixture
def bank(tmp_path):
    folder = tmp_path / "banks"
    folder.mkdir()
    shutil.copy(builtin_bank_dir() / "flask-developer.yaml", folder)
    return folder


def _count_parses(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = loader._load

    def counting(path):
        calls.append(path.name)
        return real(path)

    monkeypatch.setattr(loader, "_load", counting)
    return calls


def test_second_load_comes_from_the_cache_and_equals_the_first(bank, monkeypatch):
    calls = _count_parses(monkeypatch)
    first, problems = load_kits(bank)
    again, _ = load_kits(bank)
    assert calls == ["flask-developer.yaml"] and not problems
    assert again["flask-developer"][0] == first["flask-developer"][0]
    assert len(list(cache_dir().glob("*.json"))) == 1


def test_an_edited_file_is_parsed_again(bank, monkeypatch):
    calls = _count_parses(monkeypatch)
    load_kits(bank)
    path = bank / "flask-developer.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Flask Developer", "title: Flask Dev", 1),
                    encoding="utf-8")
    kits, _ = load_kits(bank)
    assert calls == ["flask-developer.yaml", "flask-developer.yaml"]
    assert kits["flask-developer"][0].title == "Flask Dev"


def test_a_broken_file_is_never_cached(bank, monkeypatch):
    path = bank / "flask-developer.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    for _ in range(2):
        kits, problems = load_kits(bank)
        assert not kits and any("titel" in p.message for p in problems)
    assert not cache_dir().exists() or not list(cache_dir().glob("*.json"))


def test_an_unwritable_cache_is_ignored(bank, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setattr("assessor.bank.cache.cache_dir", lambda: blocker / "kits")
    kits, problems = load_kits(bank)
    assert "flask-developer" in kits and not problems

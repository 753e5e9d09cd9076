"""The environment is read in one place, :mod:`assessor.environment` (seen by
the services as ``assessor.services.settings.environment``; issue 18, item 5):
no other module of ``assessor`` calls ``os.environ`` or ``getenv``, and each
override is seen through that one function."""

from __future__ import annotations

import re
from pathlib import Path

import assessor
from assessor.services.settings import environment

ROOT = Path(assessor.__file__).parent
READS = re.compile(r"\bos\.environ\b|\bgetenv\b|\bfrom os import\b.*\benviron\b")
THE_PLACE = ROOT / "environment.py"


def test_no_module_but_settings_reads_the_environment():
    offenders = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
                 for path in sorted(ROOT.rglob("*.py")) if path != THE_PLACE
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if READS.search(line.split("#", 1)[0])]
    assert offenders == []
    assert READS.search(THE_PLACE.read_text(encoding="utf-8"))  # the test would pass on nothing otherwise


def test_each_override_is_read_through_environment(monkeypatch, tmp_path):
    for var in ("ASSESSOR_DB", "ASSESSOR_DEBUG", "ASSESSOR_SEAL_KEY", "ASSESSOR_QUIT_AFTER_MS"):
        monkeypatch.delenv(var, raising=False)
    assert environment().db is None and environment().debug is False and environment().seal_key is None
    monkeypatch.setenv("ASSESSOR_DB", str(tmp_path / "env.sqlite3"))
    monkeypatch.setenv("ASSESSOR_DEBUG", "1")
    monkeypatch.setenv("ASSESSOR_SEAL_KEY", str(tmp_path / "seal.key"))
    monkeypatch.setenv("ASSESSOR_QUIT_AFTER_MS", "250")
    env = environment()
    assert env.db == str(tmp_path / "env.sqlite3") and env.debug is True
    assert env.seal_key == tmp_path / "seal.key" and env.quit_after_ms == 250


def test_debug_raises_the_unforeseen_error_again(monkeypatch, capsys):
    from assessor.cli.guard import unexpected

    monkeypatch.delenv("ASSESSOR_DEBUG", raising=False)
    assert unexpected(RuntimeError("Ada's notes")) == 2
    assert "RuntimeError" in capsys.readouterr().err
    monkeypatch.setenv("ASSESSOR_DEBUG", "1")
    try:
        unexpected(RuntimeError("boom"))
    except RuntimeError as exc:
        assert str(exc) == "boom"
    else:
        raise AssertionError("ASSESSOR_DEBUG did not raise the error again")

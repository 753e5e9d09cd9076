"""The built-in banks and the report templates are data of the ``assessor``
package (issue 18, item 9): read as ``assessor.question_bank`` and
``assessor.reports``, so folders called ``question_bank/`` and ``reports/``
in the current directory change nothing.

Each command runs as ``python -m assessor`` from such a directory: ``-m``
puts the current directory first on ``sys.path``, where the old top-level
packages ``question_bank`` and ``reports`` were shadowed by those folders
(``bank list`` listed no role and exited 0; ``report`` failed).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessor.package_data import DATA_PACKAGES, package_data

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def shadowing_dir(tmp_path):
    """A working directory holding empty ``reports/`` and ``question_bank/``
    folders (and, to be sure, an empty ``reports/__init__.py``)."""
    cwd = tmp_path / "work"
    for name in DATA_PACKAGES:
        (cwd / name).mkdir(parents=True)
    (cwd / "reports" / "__init__.py").write_text("", encoding="utf-8")
    return cwd


def _assessor(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    out = subprocess.run([sys.executable, "-m", "assessor", *args], cwd=cwd, capture_output=True, text=True,
                         timeout=300, check=False, env=dict(os.environ, QT_QPA_PLATFORM="offscreen", **env))
    assert "Traceback" not in out.stderr, out.stderr[-2000:]
    return out


def test_bank_list_shows_the_built_in_roles_beside_empty_folders(shadowing_dir):
    out = _assessor(shadowing_dir, "bank", "list")
    assert out.returncode == 0, out.stderr
    roles = {line.split()[0] for line in out.stdout.splitlines() if line and not line.startswith("FAILED")}
    assert {"flask-developer", "backend-developer"} <= roles
    assert str(shadowing_dir / "question_bank") not in out.stdout


def test_demo_and_report_beside_empty_folders(shadowing_dir, tmp_path):
    db = str(tmp_path / "r.sqlite3")
    assert _assessor(shadowing_dir, "--db", db, "demo", "--candidates", "1").returncode == 0
    pdf = tmp_path / "one.pdf"
    out = _assessor(shadowing_dir, "--db", db, "report", "1", "--out", str(pdf))
    assert out.returncode == 0, out.stderr
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Overall recommendation" in text or "Recommendation" in text


def test_the_window_starts_beside_empty_folders(shadowing_dir, tmp_path):
    ready = tmp_path / "ready"
    out = _assessor(shadowing_dir, "--db", str(tmp_path / "w.sqlite3"), ASSESSOR_QUIT_AFTER_MS="0",
                    ASSESSOR_READY_FILE=str(ready))
    assert out.returncode == 0, out.stderr
    assert ready.exists()  # the list was filled: the banks were loaded


def test_the_data_is_found_under_the_package_name():
    for name in DATA_PACKAGES:
        folder = package_data(name)
        assert folder.joinpath("__init__.py").is_file()
        assert Path(str(folder)).resolve() == (ROOT / name).resolve()
    assert package_data("question_bank").joinpath("flask-developer.yaml").is_file()
    assert package_data("reports").joinpath("fonts", "DejaVuSans.ttf").is_file()
    with pytest.raises(ValueError):
        package_data("../etc")


def test_pyproject_lists_every_package():
    """``packages`` is a list (``packages.find`` cannot map a folder to
    another name): it holds every folder of ``assessor`` with Python files,
    and the two data packages mapped to their folders."""
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "assessor").rglob("*.py")
             if "__pycache__" not in p.parts}
    assert set(tool["packages"]) == found | {f"assessor.{n}" for n in DATA_PACKAGES}
    assert tool["package-dir"] == {f"assessor.{n}": n for n in DATA_PACKAGES}
    assert set(tool["package-data"]) >= {f"assessor.{n}" for n in DATA_PACKAGES}

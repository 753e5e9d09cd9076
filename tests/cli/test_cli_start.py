"""A command line that answers at once (issue 18, item 7): each command
imports only what it uses, and ``candidates`` streams its rows.

The imports are read off ``sys.modules`` of a fresh process after the
command ran (a count of what was loaded, never a time); the figures are in
``python -m benchmarks`` (``benchmarks/bench_cli.py``).
"""

from __future__ import annotations


import json
import os
import subprocess
import sys

import pytest

from assessor.cli.main import main
from assessor.services import add_candidate, iter_candidates, list_candidates, open_workspace, run_demo

RUN_AND_LIST_MODULES = """
import contextlib, io, json, sys
from assessor.__main__ import main
sys.argv = ["assessor", *json.loads(sys.argv[1])]
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        status = main()
    except SystemExit as exc:
        status = exc.code
print(json.dumps({"status": status, "out": out.getvalue(), "modules": sorted(sys.modules)}))
"""

HEAVY = ("assessor.services.", "assessor.store", "assessor.bank", "assessor.domain", "assessor.report", "sqlalchemy",
         "alembic", "pydantic", "ruamel", "jinja2", "reportlab", "z3c", "PySide6", "platformdirs")


def _run(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", RUN_AND_LIST_MODULES, json.dumps(args)], capture_output=True,
                         text=True, timeout=120, check=False, env=dict(os.environ))
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


def _loaded(result: dict, prefixes: tuple[str, ...]) -> list[str]:
    """The loaded modules that are one of ``prefixes`` or inside one (a
    prefix ending in "." matches only inside: the lazy ``assessor.services``
    package itself imports no service)."""
    return [m for m in result["modules"]
            if any(m.startswith(p) if p.endswith(".") else m == p or m.startswith(p + ".") for p in prefixes)]


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_import_no_service_database_or_bank(flag):
    result = _run(flag)
    assert result["status"] == 0
    assert "assessor" in result["out"]
    assert _loaded(result, HEAVY) == []


def test_help_still_lists_every_command():
    out = _run("--help")["out"]
    for command in ("bank", "candidates", "report", "demo", "db", "erase", "anonymize", "audit", "export", "import",
                    "compare", "debrief", "calibration"):
        assert command in out, command


def test_candidates_reads_no_bank_and_renders_no_report(tmp_path):
    db = str(tmp_path / "c.sqlite3")
    open_workspace(db).close()  # created (and its schema made, with Alembic) beforehand, as a user's is
    result = _run("--db", db, "candidates")
    assert result["status"] == 0
    assert result["out"].splitlines()[0].split()[:2] == ["ID", "NAME"]
    assert "assessor.store" in result["modules"]  # it does read the database
    assert _loaded(result, ("assessor.bank", "assessor.report", "ruamel", "jinja2", "reportlab", "alembic",
                            "PySide6", "assessor.services.export", "assessor.services.batch")) == []


def test_bank_list_opens_no_database(tmp_path):
    result = _run("bank", "list")
    assert result["status"] == 0
    assert "flask-developer" in result["out"]
    assert _loaded(result, ("assessor.store", "sqlalchemy", "alembic", "assessor.report", "reportlab", "PySide6")) == []


def test_streamed_list_is_the_list_the_window_shows(tmp_path):
    """Every candidate, in name order, with the same latest assessment as
    :func:`list_candidates` (the window's list) gives: interviewed and
    not, panels included; the rows are read in batches smaller than the list."""
    ws = open_workspace(str(tmp_path / "s.sqlite3"))
    try:
        run_demo(ws, candidates=7)  # from 6 candidates on, every third one has a panel
        add_candidate(ws, "Aaron Never Interviewed", "", sorted(ws.kits)[0])
        add_candidate(ws, "Aaron Never Interviewed", "", sorted(ws.kits)[0])  # the same name: by id then
        # the window's rows tell each panel (PanelSummary); the command line's list tells the same
        listed = list_candidates(ws, limit=1000)
        assert any(row.panel is not None for row in listed)
        streamed = list(ws.store.iter_candidates(batch=3))
        assert streamed == listed
        assert list(iter_candidates(ws)) == listed
        assert len(streamed) == 9 and streamed[0].status is None
        assert any(row.status is not None for row in streamed)
    finally:
        ws.close()


def test_candidates_prints_one_line_a_candidate_in_name_order(tmp_path, capsys):
    db = str(tmp_path / "p.sqlite3")
    with open_workspace(db) as ws:
        for name in ("Zoë Last", "Ann First", "Mia Middle"):
            add_candidate(ws, name, "", sorted(ws.kits)[0])
    assert main(["--db", db, "candidates"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    assert [line.split()[1] for line in lines[1:]] == ["Ann", "Mia", "Zoë"]
    assert all(line.rstrip().endswith("-") for line in lines[1:])  # never interviewed: no status, no date


def test_every_lazy_service_name_is_there_and_listed_for_the_bundle():
    """Each name ``assessor.services`` re-exports resolves, and the
    ``TYPE_CHECKING`` block (which PyInstaller reads) imports the same names."""
    import ast
    import inspect

    import assessor.services as services

    for name in services.__all__:
        assert getattr(services, name) is not None, name
    tree = ast.parse(inspect.getsource(services))
    block = next(node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING")
    eager = {alias.name for node in ast.walk(block) if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert eager == set(services.__all__)


def test_a_name_shared_by_a_function_and_its_module_is_the_function():
    """``services.backups`` is the function ``backups()`` even once its
    module ``assessor.services.backups`` was imported first (in a fresh
    process, where nothing else decided the order)."""
    code = ("import assessor.services.backups\n"
            "import assessor.services as s\n"
            "from assessor.services import backups\n"
            "print(callable(backups) and backups is s.backups and not isinstance(backups, type(s)))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "True"

"""Batch export in child processes: whole files only, after a cancel, a
terminated or a dead child; failures listed by id with a name-free reason;
selected candidates only; options passed through unchanged."""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessor.domain import candidate_code
from assessor.services import AssessorError, Preferences, add_candidate, open_interview, open_workspace, run_demo
from assessor.services import export as export_module
from assessor.services.batch import BatchExport, export_batch
from tests.kits import small_kit


@pytest.fixture
def ws(tmp_path):
    kit = small_kit()
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit}, prefs=Preferences(backups_keep=0))
    yield ws
    ws.close()


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def names(ws) -> dict[int, str]:
    return {r.candidate.id: r.candidate.name for r in ws.store.candidates(limit=100_000)}


def assert_only_whole_reports(folder: Path, written: list[Path], known: dict[int, str]) -> None:
    """The folder holds exactly the files written, each a PDF that opens and
    carries its candidate's name; nothing else (no temporary files)."""
    files = sorted(folder.iterdir())
    assert files == sorted(written), sorted(set(map(str, files)) ^ set(map(str, written)))
    for path in files:
        assert path.suffix == ".pdf" and not path.name.startswith("."), path.name
        assert path.read_bytes().rstrip().endswith(b"%%EOF"), path.name
        reader = PdfReader(path, strict=True)
        assert len(reader.pages) >= 1
        assert _fold(known[int(path.name[:5])]) in _fold(reader.pages[0].extract_text()), path.name


def test_a_batch_of_200_cancelled_half_way_leaves_only_whole_files(ws, tmp_path):
    assert run_demo(ws, candidates=200) == 200  # bulk: every candidate has an assessment
    out = tmp_path / "reports"
    batch = BatchExport(ws, out, workers=2)
    steps: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        steps.append((done, total))
        if done >= 100:
            batch.cancel()

    result = batch.run(progress)
    assert result.cancelled and result.total == 200 and not result.failed
    done = len(result.written) + len(result.left_out)  # left out: only drafts, which no one else sees
    assert 100 <= done < 200  # the reports in flight at the cancel finish, no more start
    assert done + len(result.skipped) == 200
    assert steps[0] == (0, 200) and steps[-1] == (done, 200)
    assert_only_whole_reports(out, result.written, names(ws))


def test_a_cancel_that_stops_the_children_leaves_no_partial_or_temporary_file(ws, tmp_path):
    run_demo(ws, candidates=200)
    out = tmp_path / "reports"
    batch = BatchExport(ws, out, list(range(1, 41)), workers=2, cancel_grace=0)

    def progress(done: int, _total: int) -> None:
        if done >= 6:
            batch.cancel()

    result = batch.run(progress)
    assert result.cancelled and not result.failed and 6 <= len(result.written) + len(result.left_out) < 40
    assert sorted(result.written + [result.files[c] for c in result.skipped + result.left_out]) == sorted(
        result.files.values())
    assert_only_whole_reports(out, result.written, names(ws))


def test_a_child_that_dies_loses_no_report(ws, tmp_path):
    run_demo(ws, candidates=200)
    out = tmp_path / "reports"
    killed: list[int] = []

    def progress(done: int, _total: int) -> None:
        if done >= 4 and not killed:  # as the OOM killer would, in the middle of the batch
            child = max(multiprocessing.active_children(), key=lambda p: int(p.name.rsplit("-", 1)[-1]))  # newest
            os.kill(child.pid, signal.SIGKILL)
            killed.append(child.pid)

    result = export_batch(ws, out, list(range(1, 21)), workers=2, progress=progress)
    assert killed and not result.cancelled
    assert not result.failed and len(result.written) + len(result.left_out) == 20  # the lost ones were tried again
    assert_only_whole_reports(out, result.written, names(ws))


def test_failures_are_listed_by_id_with_a_reason_that_names_no_one(ws, tmp_path, caplog):
    done = add_candidate(ws, "Zoë Quartermain", "zoe@example.com", "test-role")
    open_interview(ws, done.id, "Ivo").rate("q1", 3)
    never = add_candidate(ws, "Never Interviewed", "", "test-role")
    blocked = add_candidate(ws, "Bartholomew Blocked", "", "test-role")
    open_interview(ws, blocked.id, "Ivo").rate("q1", 2)
    other = add_candidate(ws, "Not Selected", "", "test-role")
    open_interview(ws, other.id, "Ivo").rate("q1", 1)
    out = tmp_path / "reports"
    out.mkdir()
    target = out / export_module.report_filename(blocked.id, blocked.name)
    target.mkdir()  # a folder where the report should go: the write fails

    with caplog.at_level(logging.DEBUG):
        result = export_batch(ws, out, [done.id, never.id, blocked.id, 999, done.id], workers=2,
                              options={"viewer": "Ivo"})  # Ivo's own drafts
    assert result.total == 4 and not result.cancelled and not result.skipped
    assert result.written == [out / export_module.report_filename(done.id, done.name)]
    reasons = dict(result.failed)
    assert [cid for cid, _ in result.failed] == [999, never.id, blocked.id]
    assert "not been interviewed" in reasons[never.id]
    assert "Is a directory" in reasons[blocked.id] or "could not be written" in reasons[blocked.id]
    assert "no candidate 999" in reasons[999]
    shown = " ".join(reasons.values()) + caplog.text
    for secret in ("Bartholomew", "bartholomew", "Never Interviewed", "never-interviewed", "Zoë", "zoe"):
        assert secret not in shown, secret
    assert result.files[blocked.id] == target
    # Only the selected, interviewed candidate's report; no temporary files.
    assert sorted(p.name for p in out.iterdir()) == sorted([result.written[0].name, target.name])
    assert _fold("Zoë Quartermain") in _fold(PdfReader(result.written[0]).pages[0].extract_text())


def test_options_go_through_unchanged_and_unknown_ones_are_refused(ws, tmp_path, monkeypatch):
    cand = add_candidate(ws, "Olga Options", "olga@example.com", "test-role")
    open_interview(ws, cand.id, "Ivo").rate("q1", 3)
    with pytest.raises(AssessorError, match="no_such_option"):
        BatchExport(ws, tmp_path / "out", options={"no_such_option": True})

    # Through the child processes: a blind batch names no one, in the files or their names.
    result = export_batch(ws, tmp_path / "blind", [cand.id], options={"blind": True, "viewer": "Ivo"}, workers=1)
    assert not result.failed and [p.name for p in result.written] == [f"{candidate_code(cand)}-blind.pdf"]
    text = _fold(PdfReader(result.written[0]).pages[0].extract_text())
    assert candidate_code(cand) in text and "Olga" not in text and "olga@" not in text

    seen: list[dict] = []
    real = export_module.export_report

    def export_report(ws, candidate_id, out, template=None, *, blind=False, branding=None):  # noqa: ANN001
        seen.append({"blind": blind, "branding": branding})
        return real(ws, candidate_id, out, template)

    monkeypatch.setattr(export_module, "export_report", export_report)
    with pytest.raises(AssessorError, match="plain values"):  # options travel to the child processes
        BatchExport(ws, tmp_path / "out", options={"blind": True, "branding": lambda: "ACME"})
    options = {"blind": False, "branding": {"company": "ACME"}}
    result = export_batch(ws, tmp_path / "out", [cand.id], options=options, workers=0)  # in this process
    assert not result.failed and seen == [options] and options == {"blind": False, "branding": {"company": "ACME"}}


def test_a_folder_that_cannot_be_written_stops_the_batch_at_once(ws, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(AssessorError, match="cannot write in"):
        export_batch(ws, blocker / "reports")
    batch = BatchExport(ws, tmp_path / "empty")
    assert batch.run().total == 0
    with pytest.raises(RuntimeError):
        batch.run()

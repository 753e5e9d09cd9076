"""write_report is atomic: a finished file or no change at all."""

from __future__ import annotations

import os

import pytest

from assessor.report import ReportError, write_report
from assessor.report import render as render_module
from assessor import files as files_module


def test_writes_the_pdf(tmp_path, assessment):
    target = tmp_path / "report.pdf"
    assert write_report(assessment, target) == target
    assert target.read_bytes().startswith(b"%PDF-")
    assert os.listdir(tmp_path) == ["report.pdf"]
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600  # personal data: owner only


def test_accepts_a_string_path(tmp_path, assessment):
    assert write_report(assessment, str(tmp_path / "r.pdf")).read_bytes().startswith(b"%PDF-")


def test_render_failure_leaves_nothing(tmp_path, assessment, monkeypatch):
    def boom(rml):
        raise RuntimeError("engine broke")

    monkeypatch.setattr(render_module, "_rml_to_pdf", boom)
    with pytest.raises(ReportError, match="lay out"):
        write_report(assessment, tmp_path / "report.pdf")
    assert os.listdir(tmp_path) == []


def test_failure_does_not_clobber_an_existing_file(tmp_path, assessment, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old report")
    monkeypatch.setattr(render_module, "_rml_to_pdf", lambda rml: 1 / 0)
    with pytest.raises(ReportError):
        write_report(assessment, target)
    assert target.read_bytes() == b"old report"
    assert os.listdir(tmp_path) == ["report.pdf"]


def test_write_failure_removes_the_temp_file(tmp_path, assessment, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old report")

    def no_replace(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files_module.os, "replace", no_replace)
    with pytest.raises(ReportError, match="open in another program"):
        write_report(assessment, target)
    assert target.read_bytes() == b"old report"
    assert os.listdir(tmp_path) == ["report.pdf"]


def test_missing_folder_is_a_report_error(tmp_path, assessment):
    with pytest.raises(ReportError, match="Could not write"):
        write_report(assessment, tmp_path / "missing" / "report.pdf")


def test_template_error_is_a_report_error(assessment, monkeypatch):
    monkeypatch.setattr(render_module, "TEMPLATE", "no-such-template.rml.j2")
    monkeypatch.setattr(render_module.render_rml, "__defaults__", ("no-such-template.rml.j2",))
    with pytest.raises(ReportError, match="template"):
        render_module.render_report(assessment)

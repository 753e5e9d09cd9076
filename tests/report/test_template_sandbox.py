"""A team's report template is not trusted code: it renders in the sandbox,
and one that reaches for Python internals, files or endless loops is stopped
with a message (assessor/report/sandbox.py)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

from assessor.report import ReportError, render_report
from assessor.report.render import TEMPLATE, _load_template, render_rml
from assessor.report.sandbox import FILE_ATTRIBUTES, FORBIDDEN_TAGS, check_rml, safe_template_name

from .helpers import flat

MINIMAL = """<?xml version="1.0" encoding="UTF-8"?>
<document filename="x.pdf" invariant="1"><template><pageTemplate id="main"><frame id="f" x1="2cm" y1="2cm"
width="17cm" height="25cm"/></pageTemplate></template><stylesheet/><story>
<para>Team report for {{ candidate.name | rich }}: {{ recommendation }}</para>{BODY}
</story></document>"""


def team(body: str) -> str:
    return MINIMAL.replace("{BODY}", body)


def test_a_team_template_renders(assessment):
    pdf = render_report(assessment, template_source=team("<para>Overall {{ overall }}</para>"))
    assert "TeamreportforZoëÅngström:Yes" in flat(pdf)


@pytest.mark.parametrize("body, says", [
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "unsafe"),
    ("{{ candidate.__class__ }}", "unsafe"),
    ("{{ lipsum.__globals__['os'].system('touch pwned') }}", "unsafe"),
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "unsafe"),
    ("{{ range.__globals__ }}", "unsafe"),
    ("{% set x = [] %}{{ x.append(1) }}", "unsafe"),
    ("{{ self._TemplateReference__context }}", "unsafe"),
])
def test_python_internals_are_out_of_reach(assessment, tmp_path, monkeypatch, body, says):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ReportError, match="stopped") as caught:
        render_report(assessment, template_source=team(body))
    assert says in str(caught.value)
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("body", [
    "{% include '/etc/passwd' %}",
    "{% include '../../../../etc/passwd' %}",
    "{% import '/etc/hostname' as h %}",
    "{% extends 'file:///etc/passwd' %}",
])
def test_templates_cannot_read_files(assessment, body):
    with pytest.raises(ReportError, match="not a built-in template"):
        render_rml(assessment, source=team(body))


@pytest.mark.parametrize("body", [
    '<illustration width="1cm" height="1cm"><image file="/etc/passwd" x="0" y="0"/></illustration>',
    '<para><img src="/etc/passwd" width="1" height="1"/></para>',
    '<imageAndFlowables imageName="/etc/passwd"><para>x</para></imageAndFlowables>',
    '<includePdfPages filename="/tmp/other.pdf"/>',
    '<para><evalString>().__class__.__base__.__subclasses__()</evalString></para>',
    '<plugInFlowable module="os" function="system" params="touch pwned"/>',
])
def test_rml_that_reads_files_or_runs_code_is_refused(assessment, body):
    with pytest.raises(ReportError, match="refused"):
        render_report(assessment, template_source=team(body))


def test_entities_are_refused(assessment):
    source = team("<para>&xxe;</para>").replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    with pytest.raises(ReportError, match="refused|DOCTYPE|fill in"):
        render_report(assessment, template_source=source)


@pytest.mark.parametrize("body, says", [
    ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", "longer than"),
    ("{% for i in range(99999) %}{% for j in range(99999) %}{% for k in [1,2] %}{% endfor %}{% endfor %}"
     "{% endfor %}", "longer than"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "calls itself"),
    ("{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(60) }}", "longer than"),
    ("{{ range(10**9) | list }}", "not allowed"),
    ("{{ 'x' * 10**9 }}", "not allowed"),
    ("{{ [1] * 100000000 }}", "not allowed"),
    ("{{ 9 ** 9 ** 9 }}", "not allowed"),
    ("{{ 'x' | center(10**9) }}", "not allowed"),
    ("{{ '%999999999s' % 'x' }}", "not allowed"),
    ("{{ 'x'.ljust(999999999) }}", "not allowed"),
    ("{% for i in range(99999) %}{{ 'y' * 999 }}{% endfor %}", "more than"),
])
def test_endless_or_huge_templates_are_stopped_with_a_message(assessment, monkeypatch, body, says):
    monkeypatch.setattr("assessor.report.sandbox.TIME_LIMIT", 1.0)
    monkeypatch.setattr("assessor.report.sandbox.MAX_OUTPUT", 50_000_000 // 1000)  # read at each call
    with pytest.raises(ReportError, match="stopped") as caught:
        render_rml(assessment, source=team(body), time_limit=1.0)
    assert says in str(caught.value)  # the size limit is met by count (50,000 characters), not by the clock


def test_a_broken_template_says_where(assessment):
    with pytest.raises(ReportError, match="error on line 1"):
        render_report(assessment, template_source="{% for %}")
    with pytest.raises(ReportError, match="does not exist"):
        render_report(assessment, template_source=team("{{ no_such_thing }}"))


def test_the_built_in_template_passes_its_own_checks(assessment):
    check_rml(render_rml(assessment))
    assert safe_template_name(TEMPLATE) and not safe_template_name("../x.j2")
    assert not safe_template_name("/etc/passwd") and not safe_template_name("C:\\x.j2")
    with pytest.raises(Exception):
        _load_template("/etc/passwd")


def test_the_refused_attributes_cover_the_installed_z3c_rml():
    """Every z3c.rml attribute that resolves a file, an image or a Python
    object is refused, so an upgrade of z3c.rml cannot add a way around."""
    import zope.interface
    from z3c.rml import attr

    import z3c.rml

    risky: set[str] = set()
    for info in pkgutil.iter_modules(z3c.rml.__path__):
        try:
            module = importlib.import_module(f"z3c.rml.{info.name}")
        except ImportError:  # optional parts (zope.pagetemplate)
            continue
        for value in vars(module).values():
            if isinstance(value, zope.interface.interface.InterfaceClass):
                for name in value.names(all=True):
                    field = value[name]
                    kinds = getattr(field, "value_types", None) or (field,)
                    if any(isinstance(k, attr.File | attr.Image | attr.ObjectRef) for k in kinds):
                        risky.add(name)
    assert risky - FILE_ATTRIBUTES <= {"labelTextFormat"}  # checked by value: a Python name is refused
    assert {"evalString", "plugInFlowable", "plugInGraphic"} <= FORBIDDEN_TAGS


def test_a_team_template_from_preferences_is_used_and_sandboxed(tmp_path):
    from assessor.services import (
        AssessorError, Preferences, add_candidate, export_report, open_interview, open_workspace,
    )
    from tests.kits import small_kit

    kit = small_kit()
    good = tmp_path / "team.rml.j2"
    good.write_text(team("<para>Custom layout</para>"), encoding="utf-8")
    ws = open_workspace(str(tmp_path / "db.sqlite3"), kits={kit.role_id: kit},
                        prefs=Preferences(report_template=str(good)))
    cand = add_candidate(ws, "Team Template", "", kit.role_id)
    open_interview(ws, cand.id, "Ivo").rate("q1", 2)
    pdf = export_report(ws, cand.id, tmp_path / "r.pdf", viewer="Ivo")  # his own draft
    assert "Customlayout" in flat(Path(pdf).read_bytes())
    bad = tmp_path / "bad.rml.j2"
    bad.write_text(team("{{ ''.__class__ }}"), encoding="utf-8")
    with pytest.raises(AssessorError, match="stopped"):
        export_report(ws, cand.id, tmp_path / "r2.pdf", template=bad, viewer="Ivo")
    assert not (tmp_path / "r2.pdf").exists()
    ws.close()

"""Render reports to PDF: Jinja2 -> RML -> z3c.rml -> ReportLab -> bytes.

See ``docs/report.md`` for why this route.  The templates are package data
(``reports/*.rml.j2``), loaded with :mod:`importlib.resources` and rendered
in a sandboxed environment with XML autoescaping, so user text is always
data, never markup and never template code.  A team's own template
(``template_source``) is untrusted code: every template renders under the
limits of :mod:`assessor.report.sandbox` (no internals, no files, a time
and size limit) and its RML is checked before it is laid out.

Three reports:

* :func:`render_report`: one assessment (``candidate_report.rml.j2``);
* :func:`render_panel_report`: a panel's debrief of one candidate
  (``panel_report.rml.j2``);
* :func:`render_comparison`: the candidates of one role side by side
  (``comparison_report.rml.j2``, landscape), and :func:`comparison_csv`.

Each takes a :class:`~assessor.report.branding.Branding` and a ``blind``
flag where it applies; :func:`write_bytes` writes any of them atomically.

"Page X of Y" in one pass: the built-in templates print the page count
with ``<getName id="pageCount"/>`` inside a ``drawString`` of the page
graphics.  :class:`_PageCountCanvas` draws such a string as a PDF form
XObject that is filled in when the document is saved and the count is
known, so ReportLab lays the story out once instead of twice (z3c.rml's
``lastPage`` idiom, a ``namedString`` at the end of the story, needs a
second pass and still works for a team's template).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Mapping
from functools import lru_cache
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from jinja2 import FunctionLoader, StrictUndefined, Template, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError, UndefinedError
from lxml import etree
from lxml.etree import XMLSyntaxError

from assessor.domain import Assessment, Comparison, Debrief
from assessor.files import write_atomic
from assessor.package_data import package_data

from .branding import Branding
from .context import DEFAULT_LANG, build_context, document_date, document_language
from .fonts import BODY, ensure_fonts
from .rich import blocks, plain, rich
from .sandbox import ReportSandbox, TemplateLimitError, UnsafeRMLError, check_rml, render_limited, safe_template_name

TEMPLATE = "candidate_report.rml.j2"
PANEL_TEMPLATE = "panel_report.rml.j2"
COMPARISON_TEMPLATE = "comparison_report.rml.j2"

#: the name a template's page graphics use for the number of pages (see the module)
PAGE_COUNT = "pageCount"
_PLACEHOLDER = "\ue000pageCount\ue000"  # a private-use mark no text can hold (clean() keeps it, but no font draws it)
_DRAW_STRING_TAGS = frozenset({"drawString", "drawRightString", "drawCentredString", "drawCenteredString"})

# ReportLab keeps global state (font registry, rl_config) that z3c.rml resets
# per document: one document at a time per process.
_render_lock = threading.Lock()


class ReportError(Exception):
    """The report could not be rendered or written.  The message says which
    step failed; the original exception is chained as ``__cause__``.  It
    quotes no notes or answers (only the file path, when writing fails)."""


def _load_template(name: str) -> str:
    if not safe_template_name(name):  # "/etc/passwd", "../x": only built-in templates, by plain name
        raise TemplateNotFound(name)
    resource = package_data("reports").joinpath(name)
    if not resource.is_file():
        raise TemplateNotFound(name)
    return resource.read_text(encoding="utf-8")


def _clip(value: object, limit: int = 300) -> str:
    return plain(value, limit)


@lru_cache(maxsize=1)
def environment() -> ReportSandbox:
    """The Jinja environment of the report templates (one per process;
    compiled templates are cached in it).

    Filters (see :mod:`assessor.report.rich`): ``rich`` (user text to
    paragraph markup), ``blocks`` (the same, cut into paragraphs of 30
    lines, for notes) and ``clip(n)`` (one line, at most ``n`` columns, for
    table cells and the running header).
    """
    env = ReportSandbox(
        loader=FunctionLoader(_load_template),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["rich"] = rich
    env.filters["blocks"] = blocks
    env.filters["clip"] = _clip
    return env


@lru_cache(maxsize=4)
def _from_source(source: str) -> Template:
    return environment().from_string(source)


def _fill(template: str, context: Callable[[], Mapping[str, Any]], source: str | None = None,
          time_limit: float | None = None) -> str:
    """The RML of the built-in ``template`` (or a team's ``source``) filled
    with ``context()``, checked by :func:`~assessor.report.sandbox.check_rml`.
    Raises :class:`ReportError` naming what the template did wrong."""
    try:
        if source is None:  # the built-in templates ship with the code: no line tracer (10 ms a report)
            rml = environment().get_template(template).render(context())
        else:
            rml = render_limited(_from_source(source), context(),
                                 time_limit=time_limit)
        check_rml(rml)
    except TemplateSyntaxError as exc:
        raise ReportError(f"The report template has an error on line {exc.lineno}: {exc.message}") from exc
    except TemplateNotFound as exc:
        raise ReportError(f"The report template asked for {exc.name!r}, which is not a built-in template") from exc
    except (SecurityError, TemplateLimitError) as exc:
        raise ReportError(f"The report template was stopped: {exc}") from exc
    except UnsafeRMLError as exc:
        raise ReportError(f"The report template was refused: it produced {exc}") from exc
    except UndefinedError as exc:
        raise ReportError(f"The report template uses something that does not exist: {exc.message}") from exc
    except RecursionError as exc:
        raise ReportError("The report template was stopped: it calls itself without end") from exc
    except (TemplateError, MemoryError, XMLSyntaxError) as exc:
        raise ReportError(f"Could not fill in the report template ({type(exc).__name__})") from exc
    return rml


def render_rml(assessment: Assessment, template: str = TEMPLATE, source: str | None = None,
               time_limit: float | None = None, *, branding: Branding | None = None, blind: bool = False) -> str:
    """The RML document (an XML string) for ``assessment``, from the
    built-in ``template`` or a team's template ``source`` (Jinja2 text),
    with ``branding`` (default: :class:`Branding` ``()``) and, when
    ``blind``, without the candidate's name or email (see
    :func:`~assessor.report.context.build_context`).

    Renders in the sandbox of :mod:`assessor.report.sandbox` and checks the
    RML; a team's template is also stopped after ``time_limit`` seconds
    (default :data:`~assessor.report.sandbox.TIME_LIMIT`) or
    :data:`~assessor.report.sandbox.MAX_OUTPUT` characters.  Raises :class:`ReportError` with a message naming
    what the template did wrong (never quoting data).
    """
    return _fill(template, lambda: build_context(assessment, branding, blind=blind), source, time_limit)


# -- RML to PDF ---------------------------------------------------------------------------------


def pdf_date(value: datetime | None) -> tuple[int, int, int, int, int, int] | None:
    """``value`` in UTC as (year, month, day, hour, minute, second), the
    document's creation date; ``None`` for none (ReportLab's invariant
    2000-01-01 stays)."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return (value.year, value.month, value.day, value.hour, value.minute, value.second)


@lru_cache(maxsize=1)
def _page_count_canvas() -> type:
    """The canvas class of the one-pass "Page X of Y" (built on first use:
    ReportLab is imported only when rendering)."""
    from reportlab.pdfgen.canvas import Canvas

    class _PageCountCanvas(Canvas):
        """A canvas that draws a string holding the page-count placeholder
        as a form XObject, filled in at :meth:`save` with the page count
        (a PDF may use a form before it defines it).

        It also writes what a reader needs from the document as a whole:
        the language (``/Lang``, :attr:`lang`), the outline shown on open
        (``/PageMode /UseOutlines``), the creation date (:attr:`created`,
        the scorecard's submit time, so the bytes stay the same for the same
        scorecard), the body font as the initial font (no bare Helvetica
        reference), and outline entries that land on their heading (an
        ``<outlineAdd>`` marks the place it stands, not the whole page)."""

        created: tuple[int, int, int, int, int, int] | None = None
        lang: str = DEFAULT_LANG

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["lang"] = kwargs.get("lang") or self.lang  # platypus passes None for both
            kwargs["initialFontName"] = kwargs.get("initialFontName") or BODY
            super().__init__(*args, **kwargs)
            self._deferred: list[tuple[str, str, float, float, str, str, float, Any, dict[str, Any]]] = []
            self._pages_shown = 0
            self.showOutline()
            if self.created is not None:
                stamp = self._doc._timeStamp  # noqa: SLF001 - the date PDFInfo writes
                stamp.YMDhms, stamp.dhh, stamp.dmm = self.created, 0, 0

        def bookmarkPage(self, key: str, fit: str = "Fit", **kwargs: Any) -> Any:  # noqa: N802
            if fit == "Fit" and not kwargs:  # z3c.rml's <outlineAdd>: the place it is drawn at
                return self.bookmarkHorizontal(key, 0, 0)
            return super().bookmarkPage(key, fit, **kwargs)

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages_shown += 1
            super().showPage()

        def _draw(self, kind: str, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
            if _PLACEHOLDER not in text:
                getattr(Canvas, kind)(self, x, y, text, *args, **kwargs)
                return
            name = f"assessorPageCount{len(self._deferred)}"
            self._deferred.append((name, kind, x, y, text, self._fontname, self._fontsize, self._fillColorObj,
                                   dict(kwargs)))
            self.doForm(name)

        def drawString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:  # noqa: N802
            self._draw("drawString", x, y, text, *args, **kwargs)

        def drawRightString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:  # noqa: N802
            self._draw("drawRightString", x, y, text, *args, **kwargs)

        def drawCentredString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:  # noqa: N802
            self._draw("drawCentredString", x, y, text, *args, **kwargs)

        def save(self) -> None:
            total = str(self._pages_shown + (1 if self._code else 0))
            for name, kind, x, y, text, font, size, fill, kwargs in self._deferred:
                self.beginForm(name)
                self.setFont(font, size)
                self.setFillColor(fill)
                getattr(Canvas, kind)(self, x, y, text.replace(_PLACEHOLDER, total), **kwargs)
                self.endForm()
            super().save()

    return _PageCountCanvas


def _canvas_for(created: tuple[int, int, int, int, int, int] | None, lang: str) -> type:
    """The canvas class for one document: its creation date and language."""
    base = _page_count_canvas()
    return type(base.__name__, (base,), {"created": created, "lang": lang or DEFAULT_LANG})


def _layout_defaults() -> None:
    """Two of ReportLab's layout defaults, set for every report: an
    ``<outlineAdd>`` keeps with what follows it (its heading), so a heading
    pushed to the next page takes its outline entry along; and a table
    cell's font is the body font, not Helvetica (which a PDF cannot embed
    from ReportLab: every font of a report is embedded)."""
    from reportlab.platypus.tables import CellStyle
    from z3c.rml import platypus as rml_platypus

    rml_platypus.OutlineAdd.keepWithNext = 1
    CellStyle.fontname = BODY


@lru_cache(maxsize=1)
def _document_class() -> type:
    """z3c.rml's ``Document`` that answers ``<getName id="pageCount"/>``
    with the placeholder instead of asking for a second pass."""
    import zope.interface
    from z3c.rml import document, interfaces

    @zope.interface.implementer(interfaces.IManager, interfaces.IPostProcessorManager, interfaces.ICanvasManager)
    class _OnePassDocument(document.Document):
        def get_name(self, name: str, default: str | None = None) -> str:
            if name == PAGE_COUNT:
                return _PLACEHOLDER
            return super().get_name(name, default)

    return _OnePassDocument


def _one_pass(root: Any) -> bool:
    """True when every ``<getName id="pageCount">`` of the RML sits right in
    a drawString of the page graphics (the only place the canvas can fill
    it in); a template that uses it elsewhere gets the plain two passes."""
    for element in root.iter("getName"):
        if element.get("id") == PAGE_COUNT and element.getparent().tag not in _DRAW_STRING_TAGS:
            return False
    return True


def _rml_to_pdf(rml: str, created: tuple[int, int, int, int, int, int] | None = None,
                lang: str = DEFAULT_LANG) -> bytes:
    from z3c.rml import document  # heavy import (zope, lxml): only when rendering

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    root = etree.fromstring(rml.encode("utf-8"), parser)  # as bytes, so lxml reads the XML declaration itself
    with _render_lock:
        ensure_fonts()
        _layout_defaults()
        canvas = _canvas_for(created, lang)
        if _one_pass(root):
            doc = _document_class()(root, canvasClass=canvas)
        else:
            doc = document.Document(root, canvasClass=canvas)
        out = io.BytesIO()
        doc.process(out)
        return out.getvalue()


def _to_pdf(fill: Callable[[], str], created: datetime | None = None, lang: str = DEFAULT_LANG) -> bytes:
    try:
        rml = fill()
    except ReportError:
        raise
    except Exception as exc:
        raise ReportError(f"Could not fill in the report template ({type(exc).__name__})") from exc
    try:
        return _rml_to_pdf(rml, pdf_date(created), lang)
    except Exception as exc:
        raise ReportError(f"Could not lay out the report as PDF ({type(exc).__name__})") from exc


def render_report(assessment: Assessment, template_source: str | None = None, *,
                  branding: Branding | None = None, blind: bool = False) -> bytes:
    """The candidate report of ``assessment`` as PDF bytes (A4), from the
    built-in template or a team's ``template_source`` (see :func:`render_rml`),
    with ``branding``; ``blind`` leaves out the candidate's name and email
    (the candidate shows as a code, also in the PDF's metadata).

    Deterministic: the same stored assessment gives the same bytes.

    Raises :class:`ReportError` if the template, the fonts or the PDF
    engine fail; user text (notes, names) never causes a failure.
    """
    if template_source is not None:  # a team's template: filled and laid out in a limited child process
        return _contained(_team_report, assessment, template_source, branding, blind)
    return _to_pdf(lambda: render_rml(assessment, branding=branding, blind=blind),
                   document_date(assessment), document_language(assessment.kit))


def _team_report(assessment: Assessment, source: str, branding: Branding | None, blind: bool,
                 time_limit: float, max_output: int) -> bytes:
    """In the child of :func:`_contained`: the report from a team's
    template, under the parent's sandbox limits."""
    from . import sandbox

    sandbox.TIME_LIMIT, sandbox.MAX_OUTPUT = time_limit, max_output
    return _to_pdf(lambda: render_rml(assessment, source=source, branding=branding, blind=blind),
                   document_date(assessment), document_language(assessment.kit))


def _contained(fn: Callable[..., bytes], *args: Any) -> bytes:
    """``fn(*args, time_limit, max_output)`` in a child process with
    processor-time and memory limits (:mod:`assessor.report.contained`);
    the sandbox's limits are read here, at each call, and handed down.
    Raises :class:`ReportError` naming the limit that stopped it, or
    carrying the child's own report error."""
    from . import sandbox
    from .contained import ContainedError, run_contained

    try:
        kind, value = run_contained(fn, *args, sandbox.TIME_LIMIT, sandbox.MAX_OUTPUT)
    except ContainedError as exc:
        raise ReportError(f"The report template was stopped: {exc}") from exc
    except OSError as exc:  # no process could be started
        raise ReportError(f"Could not start the report template's process ({exc.strerror or exc})") from exc
    if kind == "ok":
        return value
    name, message = value
    if name == "ReportError":
        raise ReportError(message)
    raise ReportError(f"Could not lay out the report as PDF ({name})")


def render_panel_report(debrief: Debrief, *, branding: Branding | None = None, blind: bool = False) -> bytes:
    """The consolidated report of a panel (``debrief``, see
    :func:`assessor.domain.debrief`) as PDF bytes (A4): the summary with
    the tally, the panel's score and the recommendation it indicates, the
    section scores per interviewer as a chart, Krippendorff's alpha, each
    interviewer's recommendation, reason, seal and amendments, the ratings
    side by side with disagreements flagged, and the notes by item.

    ``blind`` renders from :func:`~assessor.domain.blind_assessment` copies.
    Deterministic.  Raises :class:`ReportError` like :func:`render_report`.
    """
    from .panel_context import build_panel_context

    return _to_pdf(lambda: _fill(PANEL_TEMPLATE, lambda: build_panel_context(debrief, branding, blind=blind)),
                   document_date(*debrief.assessments), document_language(debrief.assessments[0].kit))


def render_comparison(comparison: Comparison, *, sort: str = "overall", branding: Branding | None = None,
                      role_title: str = "") -> bytes:
    """The candidates of one role side by side as PDF bytes (A4 landscape),
    sorted by ``sort`` (see :func:`~assessor.report.comparison.sorted_rows`);
    ``role_title`` names the role (default: its id).  Deterministic.
    Raises :class:`ReportError` (an unknown ``sort`` included)."""
    from .comparison import build_comparison_context

    try:
        context = build_comparison_context(comparison, sort, branding, role_title)
    except KeyError as exc:
        raise ReportError(f"cannot sort the comparison by {exc.args[0]!r}") from exc
    return _to_pdf(lambda: _fill(COMPARISON_TEMPLATE, lambda: context))


# -- writing ------------------------------------------------------------------------------------


def write_bytes(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically: a temporary file in the same
    folder, flushed to disk (fsync) and moved over ``path`` with
    :func:`os.replace` (:func:`assessor.files.write_atomic`).  On any failure no new file and no temporary file
    remain, and an existing file at ``path`` is left untouched.  The file
    is created readable by its owner only (it holds personal data).

    Returns ``path`` (as a :class:`~pathlib.Path`).  Raises
    :class:`ReportError` when the file cannot be written.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise ReportError(f"Could not write the report in {path.parent}: No such file or directory")
    try:
        return write_atomic(path, data)
    except OSError as exc:
        hint = " (is it open in another program?)" if isinstance(exc, PermissionError) else ""
        raise ReportError(f"Could not write the report to {path}: {exc.strerror or exc}{hint}") from exc


def write_report(assessment: Assessment, path: Path, template_source: str | None = None, *,
                 branding: Branding | None = None, blind: bool = False) -> Path:
    """Render the report of ``assessment`` (see :func:`render_report`) and
    write it to ``path`` atomically (see :func:`write_bytes`).

    Returns ``path`` (as a :class:`~pathlib.Path`).
    Raises :class:`ReportError` if rendering or writing fails.
    """
    return write_bytes(path, render_report(assessment, template_source, branding=branding, blind=blind))

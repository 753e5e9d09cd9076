"""Render an assessment to PDF: Jinja2 -> RML -> z3c.rml -> ReportLab -> bytes.

See ``docs/report.md`` for why this route.  The template is package data
(``reports/candidate_report.rml.j2``), loaded with :mod:`importlib.resources`
and rendered in a sandboxed environment with XML autoescaping, so user text
is always data, never markup and never template code.  A team's own
template (``template_source``) is untrusted code: every template renders
under the limits of :mod:`assessor.report.sandbox` (no internals, no files,
a time and size limit) and its RML is checked before it is laid out.
"""

from __future__ import annotations

import os
import tempfile
import threading
from contextlib import suppress
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from jinja2 import FunctionLoader, StrictUndefined, Template, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError, UndefinedError
from lxml.etree import XMLSyntaxError

from assessor.domain import Assessment

from .context import build_context
from .fonts import ensure_fonts
from .rich import blocks, plain, rich
from .sandbox import ReportSandbox, TemplateLimitError, UnsafeRMLError, check_rml, render_limited, safe_template_name

TEMPLATE = "candidate_report.rml.j2"

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
    resource = files("reports").joinpath(name)
    if not resource.is_file():
        raise TemplateNotFound(name)
    return resource.read_text(encoding="utf-8")


def _clip(value: object, limit: int = 300) -> str:
    return plain(value, limit)


@lru_cache(maxsize=1)
def environment() -> ReportSandbox:
    """The Jinja environment of the report templates (one per process).

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


def render_rml(assessment: Assessment, template: str = TEMPLATE, source: str | None = None,
               time_limit: float | None = None) -> str:
    """The RML document (an XML string) for ``assessment``, from the
    built-in ``template`` or a team's template ``source`` (Jinja2 text).

    Renders in the sandbox of :mod:`assessor.report.sandbox` and checks the
    RML; a team's template is also stopped after ``time_limit`` seconds
    (default :data:`~assessor.report.sandbox.TIME_LIMIT`) or
    :data:`~assessor.report.sandbox.MAX_OUTPUT` characters.  Raises :class:`ReportError` with a message naming
    what the template did wrong (never quoting data).
    """
    try:
        if source is None:  # the built-in template ships with the code: no line tracer (10 ms a report)
            rml = environment().get_template(template).render(build_context(assessment))
        else:
            rml = render_limited(_from_source(source), build_context(assessment),
                                 **({"time_limit": time_limit} if time_limit is not None else {}))
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


def _rml_to_pdf(rml: str) -> bytes:
    from z3c.rml import rml2pdf  # heavy import (zope, lxml): only when rendering

    with _render_lock:
        ensure_fonts()
        # As bytes, so lxml reads the XML declaration itself.
        return rml2pdf.parseString(rml.encode("utf-8")).getvalue()


def render_report(assessment: Assessment, template_source: str | None = None) -> bytes:
    """The candidate report of ``assessment`` as PDF bytes (A4), from the
    built-in template or a team's ``template_source`` (see :func:`render_rml`).

    Deterministic: the same stored assessment gives the same bytes.

    Raises :class:`ReportError` if the template, the fonts or the PDF
    engine fail; user text (notes, names) never causes a failure.
    """
    try:
        rml = render_rml(assessment, source=template_source)
    except ReportError:
        raise
    except Exception as exc:
        raise ReportError(f"Could not fill in the report template ({type(exc).__name__})") from exc
    try:
        return _rml_to_pdf(rml)
    except Exception as exc:
        raise ReportError(f"Could not lay out the report as PDF ({type(exc).__name__})") from exc


def write_report(assessment: Assessment, path: Path, template_source: str | None = None) -> Path:
    """Render the report of ``assessment`` and write it to ``path`` atomically.

    The PDF is rendered in memory first, then written to a temporary file in
    the same folder, flushed to disk (fsync) and moved over ``path`` with
    :func:`os.replace`.  On any failure no new file and no temporary file
    remain, and an existing file at ``path`` is left untouched.  The file is
    created readable by its owner only (it holds personal data).

    Returns ``path`` (as a :class:`~pathlib.Path`).
    Raises :class:`ReportError` if rendering or writing fails.
    """
    path = Path(path)
    data = render_report(assessment, template_source)
    folder = path.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ReportError(f"Could not write the report in {folder}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            hint = " (is it open in another program?)" if isinstance(exc, PermissionError) else ""
            raise ReportError(f"Could not write the report to {path}: {exc.strerror or exc}{hint}") from exc
        raise
    _fsync_folder(folder)
    return path


def _fsync_folder(folder: Path) -> None:
    # Make the rename durable; not possible on every platform (Windows).
    with suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

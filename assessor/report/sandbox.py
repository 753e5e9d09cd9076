"""Report templates are not trusted code: the sandbox they render in.

A team may restyle the report with its own template (Preferences, or
``assessor report --template FILE``).  Such a template can be careless or
hostile, so it renders under these rules (the built-in template too, except
the time and output limits: it ships with the code, and the line tracer
would cost 10 ms a report).  A team's template is also filled and laid out
in a child process with processor-time and memory limits
(:mod:`assessor.report.contained`), so no layout cost reaches the window:

* Jinja2's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment`: no
  attribute starting with ``_`` (no way to Python internals such as
  ``__class__.__mro__``), no unsafe callables, no mutation of lists or dicts
  (Jinja2 docs, "Sandbox").  ``range`` gives at most 100,000 numbers.
* No file access: ``include``/``import``/``extends`` only reach the built-in
  templates, by plain name (see :func:`safe_template_name`).
* Limits: ``*`` and ``**`` and ``%`` that would build more than
  :data:`MAX_ITEMS` items, any call or filter with a number argument beyond
  :data:`MAX_ITEMS`, output beyond :data:`MAX_OUTPUT` characters, and a
  render longer than :data:`TIME_LIMIT` seconds (a line tracer on the
  template's own code, so an endless loop is stopped, even one that
  writes nothing) all raise :class:`TemplateLimitError`.
* The RML it produces is checked before z3c.rml sees it
  (:func:`check_rml`): no DOCTYPE or entities, no ``<evalString>`` (z3c.rml
  runs it through ``eval``), no plug-ins (which import Python modules) and
  no attribute that names a file to read (images, fonts, PDFs to include).
  Names are compared without case: ReportLab's paragraph parser lowercases
  tags and attributes, so ``<img SRC="/any/file.png">`` reads a file as
  ``src`` would.
  The one image source let through is an inline PNG or JPEG (a
  ``data:image/png;base64,`` URI on an ``<image>`` or ``<img>``, how the branding's logo
  reaches the page): it names no file and no host.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from lxml import etree

TIME_LIMIT = 10.0  # seconds a template may run
MAX_OUTPUT = 50_000_000  # characters of RML a template may produce
MAX_ITEMS = 1_000_000  # size a single expression may build, and the largest number argument

_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,100}\.j2")
_FORMAT_WIDTH = re.compile(r"%[-+ #0]*(\*|\d{5,})|%[-+ #0]*\d*\.(\*|\d{5,})")
_INLINE_IMAGE = re.compile(r"data:image/(png|jpeg);base64,[A-Za-z0-9+/=\s]{1,16000000}")
_IMAGE_TAGS = frozenset({"image", "img"})  # the canvas image (file=) and the flowable one (src=)
_PYTHON_PATH = re.compile(r"^\s*\[|^[A-Za-z_][\w.]*\.[A-Za-z_]\w*\s*$")
#: RML elements that run code or read other files, whatever their attributes.
FORBIDDEN_TAGS = frozenset({"evalString", "plugInFlowable", "plugInGraphic", "includePdfPages"})
#: Attributes z3c.rml resolves as a file, image or Python object (its ``attr.File``, ``attr.Image``,
#: ``attr.ObjectRef`` fields, found by introspecting z3c.rml 5.2; tests/report/test_template_sandbox.py
#: checks this list still covers the installed z3c.rml).
FILE_ATTRIBUTES = frozenset({"file", "fileName", "filename", "src", "imageName", "afmFile", "pfbFile",
                             "module", "function"})
# compared without case (ReportLab lowercases the tags and attributes of paragraph markup)
_FORBIDDEN_LOWER = frozenset(tag.lower() for tag in FORBIDDEN_TAGS)
_FILE_LOWER = frozenset(name.lower() for name in FILE_ATTRIBUTES)


class TemplateLimitError(Exception):
    """A template ran too long or built too much; the message says which."""


def safe_template_name(name: str) -> bool:
    """True for a plain template file name (``candidate_report.rml.j2``): no
    folder, no ``..``, no drive, so a loader cannot be led outside its folder."""
    return bool(_NAME.fullmatch(name)) and ".." not in name


def _check_number(value: object) -> None:
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > MAX_ITEMS:
        raise SecurityError(f"a number above {MAX_ITEMS:,} is not allowed in a report template")


def _limited_filter(fn: Callable[..., Any]) -> Callable[..., Any]:
    skip = 2 if getattr(fn, "jinja_pass_arg", None) else 1  # the context or environment, then the value

    @wraps(fn)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        for value in (*args[skip:], *kwargs.values()):
            _check_number(value)
        return fn(*args, **kwargs)

    return guarded


class ReportSandbox(ImmutableSandboxedEnvironment):
    """The Jinja environment of every report template (see the module)."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        # jinja2's own filters; the report's filters are added (and wrapped) by the caller.
        self.filters = {name: _limited_filter(fn) for name, fn in self.filters.items()}

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:  # noqa: D102 - jinja API
        if operator == "**":
            _check_number(left)
            if isinstance(right, int | float) and abs(right) > 64:
                raise SecurityError("an exponent above 64 is not allowed in a report template")
        elif operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple | bytes) and isinstance(times, int):
                    if len(seq) * times > MAX_ITEMS:
                        raise SecurityError(f"a text or list of more than {MAX_ITEMS:,} items is not allowed")
        elif operator == "%" and isinstance(left, str) and _FORMAT_WIDTH.search(left):
            raise SecurityError("a format width or precision of 10,000 or more is not allowed")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805,D102
        for value in (*args, *kwargs.values()):
            _check_number(value)
        return super().call(__context, __obj, *args, **kwargs)


def _is_template_code(filename: str) -> bool:
    return filename == "<template>" or filename.endswith(".j2")


def render_limited(template: Any, context: Mapping[str, Any], time_limit: float | None = None,
                   max_output: int | None = None) -> str:
    """``template`` rendered with ``context``, stopped after ``time_limit``
    seconds or ``max_output`` characters with :class:`TemplateLimitError`
    (defaults: :data:`TIME_LIMIT` and :data:`MAX_OUTPUT`, read at each call).

    The time limit is a line tracer (``sys.settrace``) on the template's own
    frames only, restored afterwards; the thread's previous tracer (a
    debugger, coverage) is paused during the render.
    """
    time_limit = TIME_LIMIT if time_limit is None else time_limit
    max_output = MAX_OUTPUT if max_output is None else max_output
    deadline = time.monotonic() + time_limit

    def on_line(frame: Any, event: str, arg: Any) -> Any:
        if time.monotonic() > deadline:
            raise TemplateLimitError(f"it ran longer than {time_limit:g} s")
        return on_line

    def on_call(frame: Any, event: str, arg: Any) -> Any:
        return on_line if _is_template_code(frame.f_code.co_filename) else None

    chunks: list[str] = []
    size = 0
    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        for chunk in template.generate(context):
            size += len(chunk)
            if size > max_output:
                raise TemplateLimitError(f"it wrote more than {max_output:,} characters")
            chunks.append(chunk)
    finally:
        sys.settrace(previous)
    return "".join(chunks)


class UnsafeRMLError(Exception):
    """The RML a template produced asks for code or files; the message names
    the element and attribute (never a value)."""


def check_rml(rml: str) -> None:
    """Refuse RML that would run code or read files (see the module).

    Raises :class:`UnsafeRMLError`, or ``lxml.etree.XMLSyntaxError`` for
    text that is not well-formed XML.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    data = rml.encode("utf-8")
    root = etree.fromstring(data, parser)
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise UnsafeRMLError("a DOCTYPE (entities could read files)")
    for element in root.iter():
        if not isinstance(element.tag, str):
            if isinstance(element, etree._Entity):  # noqa: SLF001 - lxml's entity reference type
                raise UnsafeRMLError("an entity reference")
            continue
        tag = etree.QName(element).localname
        low_tag = tag.lower()  # ReportLab's paragraph parser lowercases names: <IMG SRC=> is <img src=>
        if low_tag in _FORBIDDEN_LOWER:
            raise UnsafeRMLError(f"a <{tag}> element (it runs code or reads files)")
        for name, value in element.attrib.items():
            attr = etree.QName(name).localname
            low = attr.lower()
            if low in ("file", "src") and low_tag in _IMAGE_TAGS and _INLINE_IMAGE.fullmatch(value):
                continue  # an inline image: no file, no host (see the module)
            if low in _FILE_LOWER and not (element is root and attr == "filename"):
                raise UnsafeRMLError(f"a {attr}=\"…\" attribute on <{tag}> (it reads a file)")
            if low == "labeltextformat" and _PYTHON_PATH.match(value):
                raise UnsafeRMLError(f"a Python name in labelTextFormat on <{tag}> (it imports code)")

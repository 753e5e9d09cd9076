"""A team's branding of its reports: company name, logo, accent colour and
the sections to print.

:class:`Branding` is plain data: the services map ``Preferences`` to it
(``assessor.services.export``), every template reads it through the
``brand`` and ``show`` variables.  Nothing here raises for a bad value: an
accent that is not ``#rrggbb`` falls back to :data:`DEFAULT_ACCENT`, a
logo that is missing, too large or not a PNG or JPEG is left out.

Greyscale print: the accent colours rules and headings only, never meaning
(a rating, a flag, a disagreement reads from text, marks and greys), and
the accent is darkened until it has enough contrast on white
(:func:`darken_for_contrast`; WCAG 2.1's contrast ratio, 4.5:1 for the
heading text, 3:1 for rules), so a pale accent cannot make a heading
vanish on a black-and-white printer.
"""

from __future__ import annotations

import base64
import io
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_ACCENT = "#1f4e79"
#: the optional sections of a report, by key (the keys of ``Preferences.report_sections``)
SECTIONS = ("briefing", "flags", "questions", "profile", "use_cases", "notes", "scoring_rules", "amendments")
#: the optional sections left out unless asked for: the role briefing is generic copy, not evidence
OFF_BY_DEFAULT = ("briefing",)
TEXT_CONTRAST = 4.5  # WCAG 2.1 AA, normal text
RULE_CONTRAST = 3.0  # WCAG 2.1, non-text graphics
LOGO_MAX_BYTES = 5 * 1024 * 1024
LOGO_MAX_PIXELS = 40_000_000  # a larger image is refused before it is decoded (decompression bombs)
LOGO_BOX = (600, 200)  # pixels kept: the logo prints at most 5 cm x 1.6 cm
LOGO_WIDTH_PT, LOGO_HEIGHT_PT = 141.7, 45.35  # 5 cm x 1.6 cm

_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def _luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour (0 black .. 1 white)."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_on_white(colour: str) -> float:
    """WCAG 2.1 contrast ratio of ``#rrggbb`` against white (1 .. 21)."""
    return 1.05 / (_luminance(_rgb(colour)) + 0.05)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def darken_for_contrast(colour: str, ratio: float) -> str:
    """``colour`` (``#rrggbb``), darkened in steps of 5 % toward black
    until its contrast on white is at least ``ratio``; unchanged when it
    already is."""
    r, g, b = _rgb(colour)
    factor = 1.0
    out = colour.lower()
    while contrast_on_white(out) < ratio and factor > 0:
        factor = round(factor - 0.05, 2)
        out = "#%02x%02x%02x" % (round(r * factor), round(g * factor), round(b * factor))
    return out


@dataclass(frozen=True)
class Logo:
    """A logo ready for a template: ``uri`` is a ``data:image/png;base64,``
    URI (the only image source the report sandbox lets through), printed
    ``width`` x ``height`` points."""

    uri: str
    width: float
    height: float


@dataclass(frozen=True)
class Branding:
    """How a team's reports look.

    * ``company_name``: printed on the first page and in the running header
      (empty: none).
    * ``logo_path``: a PNG or JPEG file (empty: none); see :func:`load_logo`.
    * ``accent_colour``: ``#rrggbb`` for headings and rules (darkened for
      contrast, see the module).
    * ``sections``: the optional sections to print (keys of
      :data:`SECTIONS`); ``None`` prints them all but those of
      :data:`OFF_BY_DEFAULT` (the role briefing).
    """

    company_name: str = ""
    logo_path: str = ""
    accent_colour: str = DEFAULT_ACCENT
    sections: tuple[str, ...] | None = None

    def includes(self, section: str) -> bool:
        """True when the optional ``section`` (a key of :data:`SECTIONS`) is printed."""
        if self.sections is None:
            return section not in OFF_BY_DEFAULT
        return section in self.sections

    @property
    def accent(self) -> str:
        """The accent as given, or :data:`DEFAULT_ACCENT` when it is not ``#rrggbb``."""
        colour = (self.accent_colour or "").strip()
        return colour.lower() if _HEX.fullmatch(colour) else DEFAULT_ACCENT

    def template_values(self) -> dict[str, object]:
        """The ``brand`` variable of the templates: ``company``, ``accent_text``
        (headings), ``accent_rule`` (lines), ``logo`` (a :class:`Logo` as a
        dict, or ``None``)."""
        from .rich import clean, plain  # rich loads the fonts' module; keep this module light

        logo = load_logo(self.logo_path)
        return {
            "company": clean(self.company_name).strip(),
            "company_line": plain(self.company_name, 60),
            "accent_text": darken_for_contrast(self.accent, TEXT_CONTRAST),
            "accent_rule": darken_for_contrast(self.accent, RULE_CONTRAST),
            "logo": None if logo is None else {"uri": logo.uri, "width": f"{logo.width:.2f}",
                                               "height": f"{logo.height:.2f}"},
        }

    def show(self) -> dict[str, bool]:
        """The ``show`` variable of the templates: each key of :data:`SECTIONS` to True/False."""
        return {key: self.includes(key) for key in SECTIONS}


def load_logo(path: str | Path | None) -> Logo | None:
    """The logo at ``path`` for a report, or ``None`` (no path, a missing
    or unreadable file, more than :data:`LOGO_MAX_BYTES`, not a PNG or
    JPEG by its content, more than :data:`LOGO_MAX_PIXELS`, or a file the
    image library cannot decode).  The image is flattened onto white,
    shrunk to fit :data:`LOGO_BOX` and re-encoded as PNG, so what reaches
    the PDF engine is always a small, well-formed image.  Never raises;
    the reason a logo is left out is logged (without the path)."""
    if not path or not str(path).strip():
        return None
    try:
        p = Path(str(path)).expanduser()
        st = p.stat()
        return _load_logo(str(p), st.st_mtime_ns, st.st_size)
    except OSError as exc:
        log.warning("report logo left out: cannot read it (%s)", type(exc).__name__)
        return None


@lru_cache(maxsize=8)
def _load_logo(path: str, mtime_ns: int, size: int) -> Logo | None:
    # Cached by path, modification time and size: a batch reads the file once.
    if size > LOGO_MAX_BYTES:
        log.warning("report logo left out: larger than %d bytes", LOGO_MAX_BYTES)
        return None
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        log.warning("report logo left out: cannot read it (%s)", type(exc).__name__)
        return None
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        log.warning("report logo left out: not a PNG or JPEG file")
        return None
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            if img.format not in ("PNG", "JPEG"):
                raise ValueError("not a PNG or JPEG")
            if img.width * img.height > LOGO_MAX_PIXELS or not img.width or not img.height:
                raise ValueError("too many pixels")
            img.load()
            rgba = img.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        flat.thumbnail(LOGO_BOX)
        out = io.BytesIO()
        flat.save(out, format="PNG")
    except Exception as exc:  # noqa: BLE001 - any decoder failure means: no logo
        log.warning("report logo left out: the image could not be read (%s)", type(exc).__name__)
        return None
    scale = min(LOGO_WIDTH_PT / flat.width, LOGO_HEIGHT_PT / flat.height)
    uri = "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
    return Logo(uri, round(flat.width * scale, 2), round(flat.height * scale, 2))

"""The hostile input corpus of tests/data/hostile/ (see its README)."""

from __future__ import annotations

import json
import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile"
MEGABYTE = 1 << 20


def megabyte() -> str:
    """A megabyte of mixed hostile text, the same every time."""
    line = ('<font color="red">{{7*7}}</font> & &amp; 你好 مرحبا 👍 \x00\x1b[31m '
            "{% for x in range(9) %}x{% endfor %} <img src=\"/etc/passwd\"/> Zoë\n")
    return (line * (MEGABYTE // len(line) + 1))[:MEGABYTE]


def inputs() -> list[tuple[str, str]]:
    """(id, text) of every input: each ``*.txt`` whole, each line of a
    ``*.lines.txt``, and the generated megabyte."""
    found = []
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_bytes().decode("utf-8")
        if path.name.endswith(".lines.txt"):
            found += [(f"{path.stem}:{i}", line) for i, line in enumerate(text.split("\n"), 1) if line != ""]
        else:
            found.append((path.stem, text))
    return found + [("megabyte", megabyte())]


def probes(text: str) -> list[str]:
    """Pieces of ``text`` a PDF must show literally, whitespace removed:
    up to three runs of printable ASCII (markup, template syntax) of four
    characters or more, else the first four CJK characters."""
    runs = re.findall(r"[\x21-\x7e]{4,}", text[:5000])
    if runs:
        return sorted(set(runs[:3]))
    cjk = re.findall(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", text)
    return ["".join(cjk[:4])] if len(cjk) >= 4 else []


_YAML_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\"\\\\]")


def yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: every character YAML does
    not allow raw (controls, BOM, non-characters) as an escape."""
    return '"' + _YAML_UNSAFE.sub(lambda m: json.dumps(m.group())[1:-1] if m.group() in '"\\'
                                  else f"\\u{ord(m.group()):04x}", text) + '"'

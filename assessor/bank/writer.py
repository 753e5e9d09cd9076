"""Writing bank files: a round trip that keeps what the user did not touch.

:func:`render` merges new plain data into the file's round-trip YAML
(ruamel.yaml), so comments, key order, quoting, folded texts and layout of
every unchanged part come out byte for byte as they went in: a team's diff
in git shows only what changed.  The rules of the merge:

* a mapping keeps its keys in their order; a removed key goes (its trailing
  comments move to the key before it); a new key goes after the key that
  precedes it in the new data;
* a list of items with ids (flags, questions, …) is matched by id, so an
  edited item keeps its comments; when items are added, removed or
  reordered, the full-line comments between items stay at their place in
  the list (a comment heading a group stays before the same position) and
  the comments after the last item (the next section's heading) stay last;
* a changed text keeps its quoting or folding style (``"..."``, ``>-``).

:func:`write_atomic` replaces a file only once the new text is complete on
disk (:mod:`assessor.files`: temporary file in the same folder, fsync, rename).
"""

from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString, SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from assessor import files

FOLD_WIDTH = 76
MATCH_KEYS = ("id", "term", "heading")


def make_yaml(text: str = "") -> YAML:
    """A round-trip YAML set up for ``text``'s indentation (or the bank
    files' usual one: mappings by 2, list dashes by 2 under their key)."""
    mapping, offset = _guess_indent(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line the user wrote
    yaml.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    return yaml


def _guess_indent(text: str) -> tuple[int, int]:
    mapping, offset = 2, 2
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for above, below in zip(lines, lines[1:]):
        if not re.match(r"^\s*[\w-]+:\s*$", above):
            continue
        parent = len(above) - len(above.lstrip())
        child = len(below) - len(below.lstrip())
        if child <= parent:
            continue
        if below.lstrip().startswith("- "):
            offset = child - parent
        else:
            mapping = child - parent
            break
    return mapping, offset


def load_text(text: str) -> Any:
    """The round-trip data of ``text`` (already checked by the reader)."""
    return make_yaml(text).load(io.StringIO(text))


def dump(data: Any, text: str = "") -> str:
    """``data`` as YAML text, indented like ``text``."""
    out = io.StringIO()
    make_yaml(text).dump(data, out)
    return out.getvalue()


def render(text: str, new: dict) -> str:
    """The file ``text`` with its data replaced by the plain ``new`` data,
    keeping everything unchanged byte for byte (see the module docstring).
    ``text`` empty: a new file."""
    if not text.strip():
        return dump(fresh(new))
    crlf = "\r\n" in text  # a file saved on Windows keeps its line ends
    source = text.replace("\r\n", "\n") if crlf else text
    data = load_text(source)
    if _same(data, new):
        return text
    out = dump(merge(data, new), source)
    return out.replace("\n", "\r\n") if crlf else out


def plain(value: Any) -> Any:
    """Round-trip data as plain dicts, lists, str, int, float, bool, None."""
    if isinstance(value, dict):
        return {(str(k) if isinstance(k, str) else k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    for kind in (bool, str, int, float):
        if isinstance(value, kind):
            return kind(value)
    return value


def _same(node: Any, new: Any) -> bool:
    old = plain(node)
    return old == new and type(old) is type(new)


def fresh(value: Any, flow: bool = False) -> Any:
    """Plain ``value`` as new round-trip data (block style unless ``flow``)."""
    if isinstance(value, dict):
        out = CommentedMap((k, fresh(v)) for k, v in value.items())
        if flow:
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        return CommentedSeq(fresh(v) for v in value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    if isinstance(value, str) and _foldable(value):  # a long text, folded as the bank files write them
        return styled(FoldedScalarString(""), value)
    return value


def _foldable(text: str) -> bool:
    """True for a one-line text longer than a line of the file that a
    folded scalar (``>-``) gives back exactly: printable, no tab, no run of
    spaces, nothing leading or trailing."""
    return (len(text) > FOLD_WIDTH and text.isprintable() and text == text.strip() and "  " not in text
            and "\t" not in text)


def merge(node: Any, new: Any) -> Any:
    """``node`` changed in place (where it can be) to hold plain ``new``."""
    if _same(node, new):
        return node
    if isinstance(new, dict) and isinstance(node, CommentedMap):
        return _merge_map(node, new)
    if isinstance(new, list) and isinstance(node, CommentedSeq):
        return _merge_seq(node, new)
    if isinstance(new, str):
        return styled(node, new)
    return fresh(new)


def styled(old: Any, text: str) -> Any:
    """``text`` in the quoting or folding style of the scalar ``old``."""
    if isinstance(old, FoldedScalarString):
        out = FoldedScalarString(text)
        out.fold_pos = _fold_positions(text)
        return out
    for kind in (LiteralScalarString, DoubleQuotedScalarString, SingleQuotedScalarString):
        if isinstance(old, kind) and ("\n" not in text or kind is LiteralScalarString):
            return kind(text)
    return fresh(text)


def _fold_positions(text: str) -> list[int]:
    positions, offset = [], 0
    for line in textwrap.wrap(text, FOLD_WIDTH, break_long_words=False, break_on_hyphens=False,
                              drop_whitespace=False)[:-1]:
        offset += len(line)
        if offset < len(text) and text[offset - 1] == " ":
            positions.append(offset - 1)
    return [p for p in positions if 0 < p < len(text) - 1 and text[p] == " " and text[p - 1] != " "
            and text[p + 1] != " "]


def _merge_map(node: CommentedMap, new: dict) -> CommentedMap:
    for key in [k for k in node if k not in new]:
        _delete_key(node, key)
    previous = None
    for key, value in new.items():
        if key in node:
            merged = merge(node[key], value)
            if merged is not node[key]:
                node[key] = merged
        else:
            keys = list(node)
            node.insert(keys.index(previous) + 1 if previous in keys else 0, key, fresh(value))
        previous = key
    return node


def _delete_key(node: CommentedMap, key: Any) -> None:
    keys = list(node)
    index = keys.index(key)
    rest = _take_rest(node, key)
    del node[key]
    if rest and index > 0:
        _add_rest(node, keys[index - 1], rest)


def _match_key(item: Any) -> Any:
    if isinstance(item, dict):
        for key in MATCH_KEYS:
            if isinstance(item.get(key), str):
                return (key, item[key])
    return None


def _merge_seq(seq: CommentedSeq, new: list) -> CommentedSeq:
    keys = [_match_key(v) for v in new]
    old_keys = [_match_key(v) for v in seq]
    keyed = all(keys) and all(old_keys) and len(set(keys)) == len(keys) and len(set(old_keys)) == len(old_keys)
    if not keyed:  # by position
        for index, value in enumerate(new[:len(seq)]):
            merged = merge(seq[index], value)
            if merged is not seq[index]:
                seq[index] = merged
        while len(seq) > len(new):
            rest = _take_rest(seq, len(seq) - 1)
            del seq[-1]
            if rest and seq:
                _add_rest(seq, len(seq) - 1, rest)
        flow = bool(seq) and isinstance(seq[0], CommentedMap) and seq[0].fa.flow_style()
        for value in new[len(seq):]:
            seq.append(fresh(value, flow))
        return seq
    by_key = dict(zip(old_keys, seq))
    items = [merge(by_key[k], v) if k in by_key else None for k, v in zip(keys, new)]
    if old_keys == keys:
        for index, item in enumerate(items):
            if item is not seq[index]:
                seq[index] = item
        return seq
    flow = isinstance(seq[0], CommentedMap) and bool(seq[0].fa.flow_style()) if seq else False
    items = [item if item is not None else fresh(v, flow) for item, v in zip(items, new)]
    rests = [_take_rest(seq, i) for i in range(len(seq))]
    last = rests.pop() if rests else ""
    list.clear(seq)
    list.extend(seq, items)
    count = len(items)
    for index in range(count - 1):
        if index < len(rests) and rests[index]:
            _add_rest(seq, index, rests[index])
    tail = "".join(rests[count - 1:]) + last
    if count and tail:
        _add_rest(seq, count - 1, tail)
    return seq


# -- comments after a value ---------------------------------------------------
# ruamel keeps the comment lines that follow a value on the deepest last
# scalar before them: a mapping's ca.items[key][2], a list's ca.items[i][0].
# Its text is the end-of-line comment (if any) and the full lines after it.


def _slot(container: Any, key: Any) -> int:
    return 2 if isinstance(container, CommentedMap) else 0


def _holder(container: Any, key: Any) -> tuple[Any, Any]:
    """Where a comment after ``container[key]`` is kept (the deepest last scalar)."""
    value = container[key]
    if isinstance(value, CommentedMap) and value and not value.fa.flow_style():
        existing = container.ca.items.get(key)
        if not (existing and existing[_slot(container, key)]):
            return _holder(value, list(value)[-1])
    if isinstance(value, CommentedSeq) and value and not value.fa.flow_style():
        existing = container.ca.items.get(key)
        if not (existing and existing[_slot(container, key)]):
            return _holder(value, len(value) - 1)
    return container, key


def _take_rest(container: Any, key: Any) -> str:
    """Remove and return the full comment lines after ``container[key]``
    (its end-of-line comment stays)."""
    holder, hkey = _holder(container, key)
    entry = holder.ca.items.get(hkey)
    slot = _slot(holder, hkey)
    if not entry or not entry[slot]:
        return ""
    token: CommentToken = entry[slot]
    value = token.value
    if value.startswith("#"):
        eol, sep, rest = value.partition("\n")
    else:
        eol, sep, rest = "", "", value[1:] if value.startswith("\n") else value
    if not rest:
        return ""
    if eol:
        token.value = eol + sep
    else:
        entry[slot] = None
    return rest


def _add_rest(container: Any, key: Any, rest: str) -> None:
    """Add full comment lines ``rest`` after ``container[key]``."""
    holder, hkey = _holder(container, key)
    slot = _slot(holder, hkey)
    entry = holder.ca.items.setdefault(hkey, [None, None, None, None])
    token = entry[slot]
    if token is None:
        entry[slot] = CommentToken("\n" + rest, CommentMark(0), None)
    else:
        token.value = token.value + rest if token.value.endswith("\n") else token.value + "\n" + rest


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` so that the file is either the old
    one or the complete new one, never a mix (:func:`assessor.files.write_atomic`).
    Keeps the old file's permission bits; a new bank file is owner-only.
    Raises ``OSError``."""
    path = Path(path)
    mode = path.stat().st_mode & 0o777 if path.exists() else files.PRIVATE_FILE
    files.write_atomic(path, text, mode=mode)

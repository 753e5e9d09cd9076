"""Bank-file format versions (``schema_version``) and upgrading old files.

A file without ``schema_version`` is format 1, the first one.  Each format
that changes the meaning of existing keys gets an upgrade step here, run in
order on the plain data before it is validated, so an old file always loads.
Format 2 only added optional keys (probes, ``must_have``, anchors for every
point, ``scoring``), and so did format 3 (``competencies``, ``minutes``,
``profile_heading``) and format 4 (``behavioural``, nested probes,
must-haves on checklist items and competencies, ``stages``,
``recommendations``): their steps change nothing but the number.  A file
newer than :data:`~assessor.domain.SCHEMA_VERSION` is an error (reported by
:mod:`assessor.domain.kit_rules`), never guessed at.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assessor.domain import SCHEMA_VERSION

UPGRADES: dict[int, Callable[[dict], dict]] = {
    1: lambda data: data,  # 1 -> 2: only new optional keys
    2: lambda data: data,  # 2 -> 3: only new optional keys (competencies, minutes, profile_heading)
    3: lambda data: data,  # 3 -> 4: only new optional keys (behavioural, nested probes, must-haves, stages, ...)
}
"""``UPGRADES[n]`` turns format ``n`` data into format ``n + 1`` data."""


def file_version(data: Any) -> int | None:
    """The format of plain bank ``data``: its ``schema_version``, 1 when it
    has none, ``None`` when the value is not a whole number."""
    if not isinstance(data, dict) or "schema_version" not in data:
        return 1
    value = data["schema_version"]
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def upgrade(data: Any) -> Any:
    """Plain bank ``data`` of any known format as current-format data (a new
    dict; ``data`` is not changed).  Data of an unknown or newer format is
    returned as it is, for validation to report."""
    version = file_version(data)
    if version is None or not 1 <= version <= SCHEMA_VERSION:
        return data
    out = dict(data)
    for step in range(version, SCHEMA_VERSION):
        out = UPGRADES[step](out)
    out["schema_version"] = SCHEMA_VERSION
    return out

"""The JSON Schema of a bank file, for editors.

VS Code's YAML extension (and any editor speaking the YAML language server)
gives completion, hover help and inline errors from it: put
``# yaml-language-server: $schema=assessor-bank.schema.json`` on the first
line of a bank file, or map ``*.yaml`` of a bank folder to the schema in the
``yaml.schemas`` setting.  The schema is built from the pydantic models of
:mod:`assessor.domain.kit`, so it never drifts from what the loader accepts;
rules that span fields (ids used once, scale points 1..N, weights naming a
section) are checked by ``assessor bank validate`` only.
"""

from __future__ import annotations

import json
from typing import Any

from assessor.domain import SCHEMA_VERSION, InterviewKit

SCHEMA_FILE = "assessor-bank.schema.json"
"""The name ``assessor bank new`` gives the schema it writes beside a new bank."""


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a bank file, as a dict."""
    schema = InterviewKit.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://assessor.example/schema/bank-{SCHEMA_VERSION}.json"
    schema["title"] = "Assessor question bank"
    schema["description"] = ("One role's interview kit: resume flags, rated questions with anchors and probes, "
                             "profile checklists, use cases, glossary, tips and scoring rules. "
                             "See docs/question-bank.md.")
    points = schema["$defs"]["Anchors"]["properties"]["points"]
    points["propertyNames"] = {"pattern": "^[2-8]$"}
    weights = schema["$defs"]["Scoring"]["properties"]["weights"]
    (pattern, value), = weights.pop("patternProperties").items()  # a section id, then its weight
    weights["propertyNames"]["pattern"] = pattern
    weights["additionalProperties"] = value
    return schema


def json_schema_text() -> str:
    """:func:`json_schema` as indented JSON text, ending in a newline."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"

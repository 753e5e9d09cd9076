"""The worked example of competencies in docs/question-bank.md loads, and
its misspelt name gives the error the page shows."""

from __future__ import annotations

import re
from pathlib import Path

from assessor.bank import check_file

DOC = Path(__file__).resolve().parents[2] / "docs" / "question-bank.md"


def example() -> str:
    text = DOC.read_text(encoding="utf-8")
    return re.search(r"### Worked example.*?```yaml\n(.*?)```", text, re.S).group(1)


def test_the_worked_example_loads_without_a_problem(tmp_path):
    path = tmp_path / "sre.yaml"
    path.write_text(example(), encoding="utf-8")
    kit, problems = check_file(path)
    assert problems == [] and [c.id for c in kit.competencies] == ["incident-response", "observability"]
    assert kit.profile_heading == "Reliability practices"


def test_the_misspelt_name_gives_the_documented_error(tmp_path):
    path = tmp_path / "sre.yaml"
    path.write_text(example().replace("[incident-response, observability]", "[incident-response, observabilty]"),
                    encoding="utf-8")
    _kit, [problem] = check_file(path)
    shown = f"sre.yaml:{problem.line}:{problem.column}: {problem.severity}: {problem.message}"
    assert shown in DOC.read_text(encoding="utf-8")

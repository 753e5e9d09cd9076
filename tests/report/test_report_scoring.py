"""The report prints how the score was made (the kit's scoring rules), the
cap and its reasons, must-have marks, the anchors of every point and the
follow-up probes, with bank text escaped like any other."""

from __future__ import annotations

import copy

from assessor.domain import InterviewKit
from assessor.report import render_report

from .conftest import KIT_DATA, make_assessment
from .helpers import flat


def kit_with_rules() -> InterviewKit:
    data = copy.deepcopy(KIT_DATA)
    q = data["questions"][0]
    q["probes"] = ["Where would <b>you</b> look & why?", "{{7*7}}"]
    q["must_have"] = True
    q["anchors"]["points"] = {2: "Names DNS only.", 3: "Explains TCP and TLS."}
    data["scoring"] = {"weights": {"questions": 3, "uc-rest": 1}, "cap": 2}
    return InterviewKit.model_validate(data)


def test_rules_cap_probes_and_every_anchor_are_printed():
    assessment = make_assessment(kit_with_rules())  # q-http rated 3, uc-rest focus 4, red flag arch-red observed
    body = flat(render_report(assessment))
    for text in ("How the score is made",
                 "weighted mean of the section scores (skill-level questions ×3, If you're building REST APIs ×1",
                 "Must-have questions: What happens when a browser requests a URL?",
                 "capped at 2 (Developing)", "2.00 / 4",
                 "Capped from 3.25: red flag observed: Cannot name a single trade-off",
                 "Must-have question", "2 Developing: Names DNS only.", "3 Proficient: Explains TCP and TLS.",
                 "Follow-up probes: Where would <b>you</b> look & why? · {{7*7}}"):
        assert "".join(text.split()) in body, text


def test_a_kit_without_rules_says_each_rating_counts_the_same(assessment):
    body = flat(render_report(assessment))
    assert "".join("the mean of every rating given, so each rated question counts the same".split()) in body
    assert "Cappedfrom" not in body and "Follow-upprobes" not in body

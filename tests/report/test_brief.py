"""Page 1 is the brief a hiring manager decides from (issue 15, item 1): the
decision and score, each interviewer's recommendation by name, red flags,
every cap with its reason, the strongest and weakest answers with the
anchor each matched, the key takeaways; a draft is marked on page 1 and
across every page.  Read back from the PDFs with pypdf, for every demo
report and for a panel where one panelist observed a red flag."""

from __future__ import annotations

import pytest

from assessor.domain import Recommendation
from assessor.report import render_comparison
from assessor.report.context import bar_fraction, build_context, ranked_answers
from assessor.report.panel_context import build_panel_context
from assessor.services import add_candidate, load_assessment, open_workspace, run_demo
from assessor.services.export import export_comparison, report_bytes
from tests.kits import small_kit

from .helpers import flat, outline_titles, pages_text, text
from .panels import score


def squash(value: str) -> str:
    return "".join(value.split())


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    ws = open_workspace(str(tmp_path_factory.mktemp("brief") / "demo.sqlite3"))
    run_demo(ws, candidates=12)  # singles, panels, a draft, red flags, caps, Arabic and Chinese names
    yield ws
    ws.close()


def _candidates(ws):
    return [o.candidate.id for o in ws.store.candidates() if o.assessment_id is not None]


def test_page_one_of_every_demo_report_answers_the_thirty_second_test(demo):
    singles = panels = 0
    for cid in _candidates(demo):
        everyone = demo.store.assessments_of(cid)
        if any(a.is_submitted for a in everyone):
            viewer = ""  # a hiring manager's report
        elif len({a.interviewer for a in everyone}) == 1:
            viewer = everyone[-1].interviewer  # a draft: its author's own report
        else:
            continue  # drafts only, of several: no one's report (each sees only their own, hidden from the others)
        pdf = report_bytes(demo, cid, viewer=viewer)
        page1 = squash(pages_text(pdf)[0])
        submitted = [a for a in demo.store.assessments_of(cid) if a.is_submitted]
        if len(submitted) >= 2:
            from assessor.domain import debrief

            ctx, panels = build_panel_context(debrief(submitted)), panels + 1
            assert squash(f"Panel's computed overall score{ctx['overall']}") in page1
            assert squash(f"Recommendation the score indicates{ctx['indicated']}") in page1
            flags = [f["text"] for f in ctx["red_flags"]]
            takeaways = [t["text"] for t in ctx["takeaways"]]
        else:
            a = load_assessment(demo, demo.store.assessments_of(cid)[-1].id)
            ctx, singles = build_context(a), singles + 1
            assert squash(f"Overall recommendation{ctx['recommendation']}") in page1
            assert squash(f"Overall score{ctx['overall']}") in page1
            flags, takeaways = ctx["red_flags"], [ctx["takeaways"]] if ctx["takeaways"] else []
        for v in ctx["votes"]:  # every interviewer's recommendation, by name
            assert squash(f"{v['who']}{v['recommendation']}Computedscore{v['score']}") in page1, cid
        if flags:
            assert squash(f"⚠ Red flags observed ({len(flags)})") in page1
            for f in flags:
                assert squash(f)[:40] in page1
        else:
            assert "Noredflagsobserved" in page1
        if ctx["caps"]:
            assert squash(f"Caps applied ({len(ctx['caps'])})") in page1
            for c in ctx["caps"]:
                assert squash(c)[:50] in page1
        else:
            assert squash(ctx["cap_state"])[:30] in page1
        for t in takeaways:
            assert squash(t)[:40] in page1, cid
        assert "Strongestanswers" in page1 and "Weakestanswers" in page1
        for answer in ctx["strongest"] + ctx["weakest"]:
            assert squash(f"{answer['label']} {answer['prompt']}")[:40] in page1
            if answer["anchor"] and answer["anchor"]["text"]:
                assert squash(f"anchor, {answer['anchor']['name']}") in page1
        assert "Questionbankversion" not in page1 and "Howthescoreismade" not in page1  # in the appendix
    assert singles >= 3 and panels >= 2


def test_the_facts_seal_and_rules_are_in_the_appendix_and_the_briefing_off_by_default(demo):
    pdf = report_bytes(demo, _candidates(demo)[0])
    titles = outline_titles(pdf)
    top = [t for level, t in titles if level == 0]
    assert top[-1] == "Appendix" and (1, "Facts") in titles and (1, "How the score is made") in titles
    assert (1, "Role briefing") not in titles and "Role briefing" not in text(pdf)


@pytest.fixture
def capped_ws(tmp_path):
    """A kit that caps an observed red flag at 2; Ann rates 4, 4 and ticks
    the profile's red flag, Bo rates 4, 4: the panel's mean of 3.00 is
    capped at 2."""
    base = small_kit()
    kit = base.model_copy(update={"scoring": base.scoring.model_copy(update={"cap": 2})})
    ws = open_workspace(str(tmp_path / "cap.sqlite3"), kits={kit.role_id: kit})
    cid = add_candidate(ws, "Pat Capped", "pat@example.org", "test-role").id
    ann = score(ws, cid, "Ann", 4, 4, Recommendation.YES, submit=False, reason="Red flag aside, strong.")
    ann.tick("p1-red", True)
    ann.submit()
    score(ws, cid, "Bo", 4, 4, Recommendation.STRONG_YES)
    other = add_candidate(ws, "Quinn Clean", "", "test-role").id
    score(ws, other, "Cy", 3, 3, Recommendation.YES)
    yield ws, cid
    ws.close()


def test_a_panelists_red_flag_caps_the_panel_and_the_report_says_why(capped_ws):
    ws, cid = capped_ws
    pdf = report_bytes(ws, cid)
    page1 = squash(pages_text(pdf)[0])
    assert squash("2.00 / 4") in page1
    assert squash("capped from 3.00 at 2: red flag observed: Profile red flag (Ann)") in page1
    assert squash("Caps applied (1)") in page1
    assert squash("Ann Yes Computed score 2.00 / 4 (capped from 4.00: red flag observed: Profile red flag)") in page1
    assert squash("Bo Strong Yes Computed score 4.00 / 4") in page1
    assert squash("✗ Profile red flag (Ann)") in page1
    assert "computedscore2.00/4(cappedfrom4.00:redflagobserved:Profileredflag)" in flat(pdf)  # Ann, in detail


def test_the_comparison_shows_the_panels_cap(capped_ws, tmp_path):
    ws, cid = capped_ws
    out = export_comparison(ws, "test-role", tmp_path / "cmp.pdf")
    body = flat(out.read_bytes())
    assert "2.00/4*capped" in body
    assert squash("Pat Capped: capped from 3.00 at 2: red flag observed: Profile red flag (Ann)") in body
    assert "QuinnClean" in body and "3.00/4*capped" not in body


def test_a_draft_says_so_on_page_one_and_across_every_page(capped_ws):
    ws, _ = capped_ws
    cid = add_candidate(ws, "Dee Draft", "", "test-role").id
    score(ws, cid, "Ann", 3, 2, Recommendation.YES, submit=False)
    pages = pages_text(report_bytes(ws, cid, viewer="Ann"))  # her own draft
    assert len(pages) >= 2
    assert squash("DRAFT: not submitted. 2 of 2 questions rated") in squash(pages[0])
    for page in pages:  # the watermark, not only the running header
        assert "DRAFT" in [line.strip() for line in page.splitlines()]


def test_anchors_are_named_by_the_scale_and_the_matched_one_is_marked(capped_ws):
    ws, _ = capped_ws
    pdf = report_bytes(ws, [o.candidate.id for o in ws.store.candidates() if o.candidate.name == "Quinn Clean"][0])
    body = flat(pdf)
    assert "Junioranswer" not in body and "Senioranswer" not in body
    assert "1L1:q1junior" in body and "4L4:q1senior" in body  # the scale's lowest and highest points
    assert "Rating:3—L3" in body


def test_yellow_flags_read_as_concerns(capped_ws):
    ws, _ = capped_ws
    from assessor.domain import FlagState

    cid = add_candidate(ws, "Yan Yellow", "", "test-role").id
    interview = score(ws, cid, "Ann", 3, 3, Recommendation.YES, submit=False)
    interview.set_flag("y1", FlagState.PRESENT)
    interview.submit()
    body = flat(report_bytes(ws, cid))
    assert "⚠Concernseen:Yellowone" in body and "✓Present:Yellowone" not in body


def test_strongest_and_weakest_never_overlap_and_bars_start_at_the_lowest_point():
    rated = [(float(v), {"n": i}) for i, v in enumerate([4, 1, 3, 2, 4])]
    strong, weak = ranked_answers(rated, limit=3)
    assert [a["n"] for a in strong] == [0, 4, 2] and [a["n"] for a in weak] == [1, 3]
    assert ranked_answers([(3.0, {"n": 0})]) == ([{"n": 0}], [])
    assert [len(x) for x in ranked_answers(rated)] == [2, 2]  # two each by default
    assert bar_fraction(1, 4) == 0.0 and bar_fraction(4, 4) == 1.0 and bar_fraction(2.5, 4) == 0.5
    assert bar_fraction(3, 5) == 0.5


def test_the_comparison_headers_wrap_whole_and_fit(demo):
    from assessor.domain import compare
    from assessor.report.comparison import FRAME_CM, column_widths

    role = "flask-developer"
    comparison = compare(role, [demo.store.assessments_of(o.candidate.id) for o in demo.store.candidates()
                                if o.candidate.role_id == role])
    pdf = render_comparison(comparison, role_title="Flask Developer")
    body = flat(pdf)
    for _, title in comparison.sections:
        assert squash(title) in body  # wrapped between words, never clipped
    assert "Buildin…" not in body
    assert sum(column_widths([t for _, t in comparison.sections])) == pytest.approx(FRAME_CM, abs=0.05)
    assert "−" in body or "–" in body  # alpha with a real minus sign, or none
    assert "-0." not in body


def test_the_briefing_is_off_by_default_in_preferences_and_branding_alike():
    from assessor.report.branding import OFF_BY_DEFAULT, Branding
    from assessor.services.settings import SECTIONS_OFF_BY_DEFAULT, Preferences

    assert SECTIONS_OFF_BY_DEFAULT == OFF_BY_DEFAULT == ("briefing",)
    assert "briefing" not in Preferences().report_sections and not Branding().includes("briefing")
    assert Branding(sections=("briefing",)).includes("briefing")

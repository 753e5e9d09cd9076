"""Panels: several interviewers' assessments of one candidate, and what the
hiring manager reads from them.

* **Independent scoring** (:func:`hidden_from`, :func:`visible_to`): while
  an interviewer's own assessment of a candidate is a draft, the others'
  ratings and recommendations stay hidden from them, so no one anchors on a
  colleague's scores (structured-interview practice: Campion, Palmer &
  Campion 1997, "A review of structure in the selection interview",
  *Personnel Psychology* 50(3); the "hidden scorecards" of applicant-
  tracking systems).  Others' drafts are never shown.
* **Debrief** (:func:`debrief`): once the panel has submitted, each rated
  question side by side, its spread (highest minus lowest rating), a
  disagreement where the spread is two points or more, the recommendations
  tallied, each interviewer's computed score, the panel's score
  (:func:`panel_score`: the mean of theirs, capped by the kit's hurdles as
  one scorecard is) and the panel's agreement as Krippendorff's interval alpha
  (:mod:`assessor.domain.agreement`).
* **Calibration** (:func:`calibration`): per interviewer, across all their
  submitted assessments, the mean and standard deviation of their ratings
  per question against everyone's on the same question, so leniency (a
  positive difference) or severity (a negative one) shows.
* **Comparison** (:func:`compare`): the candidates of one role side by side
  by section score, computed overall score and recommendations.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from statistics import fmean, pstdev

from .agreement import krippendorff_alpha
from .assessment import Assessment, Candidate, Recommendation, Status
from .identity import Identity
from .scoring import ScoreSummary, score
from .sealing import indicated_recommendation
from .star import readable_notes

#: a spread of this many scale points or more on one question is a disagreement
DISAGREEMENT_SPREAD = 2


# -- independent scoring -----------------------------------------------------


def _same(name: str, other: str) -> bool:
    return name.strip().casefold() == other.strip().casefold()


def _owns(viewer: "str | Identity", a: Assessment) -> bool:
    """True when ``a`` is ``viewer``'s: by identity id when ``viewer`` is an
    :class:`~assessor.domain.Identity` (never by name then), else by name
    without case (a viewer given only as a name, e.g. an export's label)."""
    if isinstance(viewer, Identity):
        return a.interviewer_id is not None and a.interviewer_id == viewer.id
    return _same(a.interviewer, viewer)


def own_assessments(assessments: Iterable[Assessment], viewer: "str | Identity") -> list[Assessment]:
    """The assessments taken by ``viewer``: by identity id for an
    :class:`~assessor.domain.Identity`, else names compared without case."""
    return [a for a in assessments if _owns(viewer, a)]


def hidden_from(assessments: Iterable[Assessment], viewer: str) -> bool:
    """True while ``viewer`` has a draft among ``assessments`` (one
    candidate's): the others' ratings are then hidden from them."""
    return any(a.status == Status.DRAFT for a in own_assessments(assessments, viewer))


def visible_to(assessments: Iterable[Assessment], viewer: str) -> list[Assessment]:
    """What ``viewer`` may see of one candidate's assessments: their own,
    and the others' submitted ones unless ``viewer`` still has a draft.
    Works on anything with ``interviewer`` and ``status`` (a
    :class:`Status` or its value), such as the store's export records."""
    listed = list(assessments)
    hide = hidden_from(listed, viewer)
    return [a for a in listed if _owns(viewer, a)
            or (not hide and a.status == Status.SUBMITTED)]


class Visibility(str, Enum):
    """What a viewer may see of one candidate's panel, as a value (each
    shell words it: the window in :mod:`assessor.gui.wording`, the command
    line in :mod:`assessor.cli.wording`).

    * ``VISIBLE``: nothing is withheld (no other interviewer, or every
      other assessment is submitted and the viewer has no draft).
    * ``HIDDEN_UNTIL_YOU_SUBMIT``: the viewer's own assessment is a draft,
      so the others' ratings and recommendations are withheld
      (independent scoring, :func:`hidden_from`).
    * ``DRAFTS_NOT_SHOWN``: only other interviewers' drafts are withheld
      (they are never shown until submitted).
    """

    VISIBLE = "visible"
    HIDDEN_UNTIL_YOU_SUBMIT = "hidden_until_you_submit"
    DRAFTS_NOT_SHOWN = "drafts_not_shown"

    @property
    def scores_hidden(self) -> bool:
        """True for :attr:`HIDDEN_UNTIL_YOU_SUBMIT`: nothing that shows the
        others' ratings (debrief, panel report) may be given to the viewer."""
        return self is Visibility.HIDDEN_UNTIL_YOU_SUBMIT


def visibility(assessments: Iterable[Assessment], viewer: str) -> Visibility:
    """The :class:`Visibility` of one candidate's ``assessments`` for
    ``viewer`` (the rule of :func:`visible_to`)."""
    listed = list(assessments)
    if hidden_from(listed, viewer) and any(not _owns(viewer, a) for a in listed):
        return Visibility.HIDDEN_UNTIL_YOU_SUBMIT
    if len(visible_to(listed, viewer)) < len(listed):
        return Visibility.DRAFTS_NOT_SHOWN
    return Visibility.VISIBLE


def interviewer_labels(assessments: Sequence[Assessment]) -> list[str]:
    """A column heading per assessment: the interviewer's name, or
    "Interviewer 2" when blank; a name used twice gets " (2)", " (3)"."""
    labels: list[str] = []
    seen: Counter[str] = Counter()
    for n, a in enumerate(assessments, 1):
        base = a.interviewer.strip() or f"Interviewer {n}"
        seen[base] += 1
        labels.append(base if seen[base] == 1 else f"{base} ({seen[base]})")
    return labels


# -- the panel's score -------------------------------------------------------


@dataclass(frozen=True)
class PanelResult:
    """The panel's overall score, made by :func:`panel_score`.

    ``overall`` is the score the panel is read by (capped when a hurdle
    failed), ``uncapped`` the plain mean of the interviewers' computed
    scores, ``capped_by`` why the cap applies, each reason followed by the
    interviewer who saw it ("red flag observed: X (Ann)"), empty when the
    cap did not lower the mean; ``cap`` the value capped at; ``counted`` how
    many interviewers' scores the mean is over; ``indicated`` the
    recommendation ``overall`` points to."""

    overall: float | None
    uncapped: float | None
    capped_by: list[str]
    cap: float | None
    counted: int
    indicated: Recommendation | None

    @property
    def capped(self) -> bool:
        """True when the cap lowered the panel's mean."""
        return bool(self.capped_by)

    @property
    def cap_note(self) -> str:
        """"capped from 3.06 at 2: red flag observed: X (Ann)" when capped, else ""."""
        if not self.capped or self.uncapped is None or self.cap is None:
            return ""
        return f"capped from {self.uncapped:.2f} at {self.cap:g}: " + "; ".join(self.capped_by)


def panel_score(scores: Sequence[ScoreSummary], labels: Sequence[str], caps: Sequence[float | None],
                scale_max: int) -> PanelResult:
    """The panel's score from each interviewer's ``scores`` (panel order,
    with their ``labels`` and their kits' ``scoring.cap`` in ``caps``).

    The rule is the kit's own (:func:`assessor.domain.scoring.score` and
    :func:`~assessor.domain.scoring.describe_rules`: "if a red flag is
    observed, or a must-have question is rated below the midpoint, the
    overall score is capped"), applied to the panel as to one scorecard: the
    panel's score is the mean of the interviewers' computed overall scores,
    and a hurdle failed on any interviewer's scorecard (their
    ``ScoreSummary.hurdles``) caps it at that kit's cap (the lowest one when
    the kits differ), a non-compensatory "multiple hurdle" rule (Gatewood,
    Feild & Barrick, *Human Resource Selection*).  Interviewers with no
    score are left out of the mean.  Raises ``ValueError`` when the three
    sequences differ in length."""
    if not len(scores) == len(labels) == len(caps):
        raise ValueError("one label and one cap per score")
    overalls = [s.overall for s in scores if s.overall is not None]
    uncapped = round(fmean(overalls), 2) if overalls else None
    reasons = [f"{reason} ({label})" for s, label in zip(scores, labels) for reason in s.hurdles]
    failed = [c for s, c in zip(scores, caps) if s.hurdles and c is not None]
    cap = min(failed) if failed else None
    overall = uncapped
    if cap is not None and uncapped is not None:
        overall = min(uncapped, cap)
    capped_by = reasons if overall != uncapped else []
    return PanelResult(overall=overall, uncapped=uncapped, capped_by=capped_by, cap=cap, counted=len(overalls),
                       indicated=indicated_recommendation(overall, scale_max))


# -- debrief -----------------------------------------------------------------


@dataclass(frozen=True)
class ItemRatings:
    """One rated question across the panel.

    ``ratings`` holds one entry per interviewer, in panel order (``None``:
    not rated by them); ``spread`` is highest minus lowest (``None`` with
    fewer than two ratings); ``notes`` the non-empty notes as
    (interviewer label, text)."""

    item_id: str
    section: str
    prompt: str
    ratings: list[int | None]
    spread: int | None
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def disagreement(self) -> bool:
        """True when the spread is :data:`DISAGREEMENT_SPREAD` or more."""
        return self.spread is not None and self.spread >= DISAGREEMENT_SPREAD

    @property
    def mean(self) -> float | None:
        """The mean of the ratings given (``None`` if none)."""
        given = [r for r in self.ratings if r is not None]
        return round(fmean(given), 2) if given else None


class _ReadsPanelResult:
    """``overall`` and ``indicated`` read from the one :class:`PanelResult`
    (``result``) of a debrief or a comparison row, never stored beside it."""

    result: PanelResult

    @property
    def overall(self) -> float | None:
        """The panel's score, capped (``result.overall``)."""
        return self.result.overall

    @property
    def indicated(self) -> Recommendation | None:
        """The recommendation the capped score points to (``result.indicated``)."""
        return self.result.indicated


@dataclass(frozen=True)
class Debrief(_ReadsPanelResult):
    """A panel's assessments of one candidate, side by side.

    ``assessments``, ``labels`` and ``scores`` run in panel order (oldest
    assessment first).  ``tally`` counts each recommendation given.
    ``result`` is the panel's score (:func:`panel_score`: the mean of the
    interviewers' computed scores, capped by the kit's hurdles); ``overall``
    and ``indicated`` are its capped value and the recommendation it points
    to (:func:`~assessor.domain.sealing.indicated_recommendation`).  ``alpha``
    is Krippendorff's interval alpha over the rated questions (``None``
    with one interviewer or no variation)."""

    candidate: Candidate
    assessments: list[Assessment]
    labels: list[str]
    scores: list[ScoreSummary]
    items: list[ItemRatings]
    tally: dict[Recommendation, int]
    result: PanelResult
    alpha: float | None
    scale_max: int


    @property
    def disagreements(self) -> list[ItemRatings]:
        """The questions whose spread is two points or more."""
        return [i for i in self.items if i.disagreement]

    @property
    def complete(self) -> bool:
        """True when every assessment in the panel is submitted."""
        return all(a.is_submitted for a in self.assessments)

    def section_means(self) -> dict[str, list[float | None]]:
        """Section id to each interviewer's section score (panel order)."""
        table: dict[str, list[float | None]] = {}
        for n, summary in enumerate(self.scores):
            for s in summary.sections:
                if s.total:
                    table.setdefault(s.id, [None] * len(self.scores))[n] = s.mean
        return table


def _rated_questions(assessments: Sequence[Assessment]) -> list[tuple[str, str, str]]:
    """(item id, section id, prompt) of every question in any of the kits,
    in the first kit's order, then new ones in later kits' order."""
    out: dict[str, tuple[str, str, str]] = {}
    for a in assessments:
        for node in a.kit.walk():
            if node.kind.rated:
                out.setdefault(node.item.id, (node.item.id, node.scored_in, node.item.prompt))
    return list(out.values())


def debrief(assessments: Sequence[Assessment]) -> Debrief:
    """The debrief of one candidate's panel (``assessments``, all of one
    candidate, oldest first; drafts are included as given: the caller
    decides what the viewer may see).  Raises ``ValueError`` when empty or
    when the assessments are of different candidates."""
    if not assessments:
        raise ValueError("a debrief needs at least one assessment")
    candidate = assessments[0].candidate
    if any(a.candidate.id != candidate.id for a in assessments):
        raise ValueError("a debrief is of one candidate")
    labels = interviewer_labels(assessments)
    scores = [score(a) for a in assessments]
    items: list[ItemRatings] = []
    for item_id, section, prompt in _rated_questions(assessments):
        ratings = [a.responses[item_id].rating if item_id in a.responses else None for a in assessments]
        given = [r for r in ratings if r is not None]
        notes = [(label, readable_notes(a.responses[item_id].notes)) for label, a in zip(labels, assessments)
                 if item_id in a.responses and a.responses[item_id].notes.strip()]
        if not given and not notes:
            continue
        spread = max(given) - min(given) if len(given) >= 2 else None
        items.append(ItemRatings(item_id, section, prompt, ratings, spread, notes))
    tally = Counter(a.recommendation for a in assessments if a.recommendation is not None)
    scale_max = assessments[0].kit.scale.maximum
    result = panel_score(scores, labels, [a.kit.scoring.cap for a in assessments], scale_max)
    alpha = krippendorff_alpha([i.ratings for i in items], "interval") if len(assessments) > 1 else None
    return Debrief(candidate=candidate, assessments=list(assessments), labels=labels, scores=scores, items=items,
                   tally={r: tally[r] for r in Recommendation if tally[r]}, result=result,
                   alpha=None if alpha is None else round(alpha, 3), scale_max=scale_max)


# -- calibration -------------------------------------------------------------


@dataclass(frozen=True)
class QuestionCalibration:
    """One interviewer on one question: ``n`` ratings with ``mean`` and
    population standard deviation ``sd``, against all ``panel_n`` ratings
    of the question (``panel_mean``, ``panel_sd``); ``difference`` =
    ``mean - panel_mean`` (positive: more lenient)."""

    item_id: str
    prompt: str
    n: int
    mean: float
    sd: float
    panel_n: int
    panel_mean: float
    panel_sd: float

    @property
    def difference(self) -> float:
        """How much higher (lenient) or lower (severe) than everyone."""
        return round(self.mean - self.panel_mean, 2)


@dataclass(frozen=True)
class InterviewerCalibration:
    """One interviewer across all their submitted assessments.

    ``leniency`` is the mean of the per-question differences weighted by
    the interviewer's ratings (positive: rates higher than colleagues on
    the same questions); ``mean`` and ``panel_mean`` are over the same
    questions."""

    interviewer: str
    assessments: int
    ratings: int
    mean: float | None
    panel_mean: float | None
    leniency: float | None
    questions: list[QuestionCalibration]


def calibration(assessments: Iterable[Assessment]) -> list[InterviewerCalibration]:
    """Each interviewer's ratings against everyone's, question by question,
    over the submitted ``assessments`` (drafts are left out: they may still
    change).  Interviewers are sorted by name; questions in the order met."""
    by_item: dict[str, list[int]] = {}
    prompts: dict[str, str] = {}
    mine: dict[str, dict[str, list[int]]] = {}
    counts: Counter[str] = Counter()
    for a in assessments:  # one pass: a stream of assessments is never held whole
        if not a.is_submitted:
            continue
        who = a.interviewer.strip() or "(no name)"
        counts[who] += 1
        for q in a.kit.all_questions():
            r = a.responses.get(q.id)
            if r is None or r.rating is None:
                continue
            prompts.setdefault(q.id, q.prompt)
            by_item.setdefault(q.id, []).append(r.rating)
            mine.setdefault(who, {}).setdefault(q.id, []).append(r.rating)
    out: list[InterviewerCalibration] = []
    for who in sorted(counts, key=str.casefold):
        rows = [
            QuestionCalibration(item_id, prompts[item_id], len(values), round(fmean(values), 2),
                                round(pstdev(values), 2), len(by_item[item_id]), round(fmean(by_item[item_id]), 2),
                                round(pstdev(by_item[item_id]), 2))
            for item_id, values in mine.get(who, {}).items()
        ]
        n = sum(q.n for q in rows)
        mean = round(sum(q.mean * q.n for q in rows) / n, 2) if n else None
        panel = round(sum(q.panel_mean * q.n for q in rows) / n, 2) if n else None
        leniency = round(sum((q.mean - q.panel_mean) * q.n for q in rows) / n, 2) if n else None
        out.append(InterviewerCalibration(who, counts[who], n, mean, panel, leniency, rows))
    return out


# -- comparison --------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonRow(_ReadsPanelResult):
    """One candidate in a comparison: their submitted assessments' debrief
    figures.  ``sections`` maps section id to the panel's mean section
    score; ``recommendation_points`` is the mean of the recommendations on
    1 (Strong No) .. 4 (Strong Yes)."""

    candidate: Candidate
    interviews: int
    sections: dict[str, float | None]
    tally: dict[Recommendation, int]
    recommendation_points: float | None
    red_flags: int
    alpha: float | None
    result: PanelResult
    """The panel's score (:func:`panel_score`), capped by the kit's hurdles."""
    section_counts: dict[str, int]
    """Section id to how many interviewers' scores its mean is over."""
    scale_max: int
    """The top of the kit's scale the scores are on."""



@dataclass(frozen=True)
class Comparison:
    """The candidates of one role side by side: ``sections`` are (id,
    title) columns in kit order; ``rows`` one per candidate with at least
    one submitted assessment, best computed overall score first."""

    role_id: str
    sections: list[tuple[str, str]]
    rows: list[ComparisonRow]

    def sorted_by(self, key: str, descending: bool = True) -> list[ComparisonRow]:
        """Rows sorted by ``"overall"``, ``"recommendation"``, ``"name"``
        or a section id; rows with no value go last whatever the order.
        Raises ``KeyError`` for an unknown key."""
        def value(row: ComparisonRow) -> object:
            if key == "overall":
                return row.overall
            if key == "recommendation":
                return row.recommendation_points
            if key == "name":
                return row.candidate.name.casefold()
            if key in dict(self.sections):
                return row.sections.get(key)
            raise KeyError(key)

        present = [r for r in self.rows if value(r) is not None]
        missing = [r for r in self.rows if value(r) is None]
        return sorted(present, key=value, reverse=descending) + missing  # type: ignore[arg-type, return-value]


def compare(role_id: str, panels: Iterable[Sequence[Assessment]]) -> Comparison:
    """Compare candidates of ``role_id``: ``panels`` holds each candidate's
    assessments; only submitted ones count and a candidate with none is
    left out."""
    rows: list[ComparisonRow] = []
    sections: dict[str, str] = {}
    for panel in panels:
        submitted = [a for a in panel if a.is_submitted]
        if not submitted:
            continue
        d = debrief(submitted)
        for s in d.scores[0].sections:
            if s.total:
                sections.setdefault(s.id, s.title)
        for summary in d.scores[1:]:
            for s in summary.sections:
                if s.total:
                    sections.setdefault(s.id, s.title)
        means = {sid: (round(fmean(given), 2) if (given := [v for v in values if v is not None]) else None)
                 for sid, values in d.section_means().items()}
        recs = [a.recommendation.points for a in submitted if a.recommendation is not None]
        rows.append(ComparisonRow(
            candidate=d.candidate, interviews=len(submitted), sections=means, tally=d.tally,
            recommendation_points=round(fmean(recs), 2) if recs else None,
            red_flags=sum(len(s.red_flags) for s in d.scores), alpha=d.alpha, result=d.result, scale_max=d.scale_max,
            section_counts={sid: sum(v is not None for v in values) for sid, values in d.section_means().items()},
        ))
    comparison = Comparison(role_id, list(sections.items()), rows)
    return Comparison(role_id, comparison.sections, comparison.sorted_by("overall"))

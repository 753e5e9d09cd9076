"""Inter-rater agreement: Krippendorff's alpha.

Alpha measures how far a panel's ratings agree beyond what chance would
give, from reliability data with any number of raters and missing ratings:

    alpha = 1 - D_o / D_e

where ``D_o`` is the disagreement observed within units (here: kit
questions) and ``D_e`` the disagreement expected when the same values are
paired at random.  1 is perfect agreement, 0 agreement no better than
chance, below 0 systematic disagreement.  Krippendorff suggests relying on
alpha >= 0.800 and drawing tentative conclusions from 0.667 up.

Source: Klaus Krippendorff, "Computing Krippendorff's Alpha-Reliability",
University of Pennsylvania, 2011 (https://repository.upenn.edu/asc_papers/43),
section C (the coincidence matrix, the difference functions, and the worked
example with 4 observers and 12 units that the tests reproduce: nominal
0.743, ordinal 0.815, interval 0.849, ratio 0.797).

Assessor reports the *interval* alpha for a panel: ratings are points on a
scale whose anchors are meant to be equally spaced.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import permutations

METRICS = ("nominal", "ordinal", "interval", "ratio")


def _difference(metric: str, counts: Counter[float]):
    values = sorted(counts)
    if metric == "nominal":
        return lambda c, k: 0.0 if c == k else 1.0
    if metric == "interval":
        return lambda c, k: float(c - k) ** 2
    if metric == "ratio":
        return lambda c, k: ((c - k) / (c + k)) ** 2 if c + k else 0.0
    if metric == "ordinal":
        rank = {v: i for i, v in enumerate(values)}

        def ordinal(c: float, k: float) -> float:
            lo, hi = sorted((rank[c], rank[k]))
            between = sum(counts[values[g]] for g in range(lo, hi + 1))
            return (between - (counts[c] + counts[k]) / 2) ** 2

        return ordinal
    raise ValueError(f"unknown metric {metric!r}; one of {', '.join(METRICS)}")


def krippendorff_alpha(units: Sequence[Sequence[float | None]], metric: str = "interval") -> float | None:
    """Krippendorff's alpha of ``units``: one sequence per unit (a kit
    question), holding each rater's value or ``None`` where that rater gave
    none.  Units with fewer than two values are not pairable and are left
    out (Krippendorff 2011, step C.1).

    Returns ``None`` when there is nothing to compare: no pairable unit, or
    every pairable value the same (no variation, so ``D_e`` = 0 and alpha
    is undefined).  Raises ``ValueError`` for an unknown ``metric``.
    """
    pairable = [[v for v in unit if v is not None] for unit in units]
    pairable = [u for u in pairable if len(u) >= 2]
    counts: Counter[float] = Counter(v for u in pairable for v in u)
    n = sum(counts.values())
    if n < 2 or len(counts) < 2:
        return None
    delta = _difference(metric, counts)
    # observed: each ordered pair within a unit weighs 1 / (m_u - 1)
    observed = sum(
        sum(delta(c, k) for c, k in permutations(u, 2)) / (len(u) - 1) for u in pairable
    ) / n
    # expected: n_c * n_k over every ordered pair of distinct values
    expected = sum(counts[c] * counts[k] * delta(c, k) for c in counts for k in counts if c != k) / (n * (n - 1))
    if expected == 0:
        return None
    return 1 - observed / expected

"""One benchmark figure, its floor, and the target it is held to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """``ours`` and ``floor`` in ``unit``, measured in the same run.

    ``max_ratio`` (ours / floor) and ``max_value`` (ours, in ``unit``) are the
    targets of the scale issue; ``None`` where none is set.
    """

    name: str
    ours: float
    floor: float
    unit: str
    max_ratio: float | None = None
    max_value: float | None = None

    @property
    def ratio(self) -> float:
        return self.ours / self.floor if self.floor else float("inf")

    @property
    def target(self) -> str:
        parts = []
        if self.max_ratio is not None:
            parts.append(f"≤ {self.max_ratio:g}×")
        if self.max_value is not None:
            parts.append(f"≤ {self.max_value:g} {self.unit}")
        return ", ".join(parts) or "-"

    @property
    def holds(self) -> str:
        if self.max_ratio is None and self.max_value is None:
            return "-"
        ok = (self.max_ratio is None or self.ratio <= self.max_ratio) and (
            self.max_value is None or self.ours <= self.max_value)
        return "yes" if ok else "NO"

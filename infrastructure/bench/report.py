"""The bench's figures and their two forms: a table for people and one JSON object by bar id."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import attrs

StoreKind = Literal["sqlite", "postgresql"]


@attrs.frozen(kw_only=True)
class Figure:
    """One bar measured on one store: the median of the runs, beside its baseline if it has one."""

    bar: str
    #: Which of a bar's measurements this is, when a bar is measured more than one way (P6 on
    #: a complaint, and on a budget: `budget`); None for the bar as DESIGN §5 first states it.
    variant: str | None = None
    store: StoreKind
    value: float
    unit: str
    baseline: float | None = None
    baseline_unit: str | None = None
    #: Median of the per-run ratios value/baseline (each run pairs the two back to back).
    ratio: float | None = None
    target: str
    met: bool
    runs: tuple[float, ...]
    size: Mapping[str, int]
    note: str

    @property
    def name(self) -> str:
        """The bar with its variant: `P6`, `P6.budget`."""
        return self.bar if self.variant is None else f"{self.bar}.{self.variant}"

    @property
    def key(self) -> str:
        """`P1` on PostgreSQL, the store DESIGN §5 means unless it says otherwise; `P1.sqlite`;
        a variant after the bar: `P6.budget`, `P6.budget.sqlite`."""
        return self.name if self.store == "postgresql" else f"{self.name}.{self.store}"


def ordered(figures: Sequence[Figure]) -> list[Figure]:
    """By bar number (P2 before P10), the bar before its variants, PostgreSQL before SQLite."""
    return sorted(
        figures,
        key=lambda f: (_bar_number(f.bar), f.bar, f.variant or "", f.store != "postgresql"),
    )


def _bar_number(bar: str) -> int:
    digits = bar.lstrip("P")
    return int(digits) if digits.isdigit() else 0


def as_json(figures: Sequence[Figure]) -> dict[str, dict[str, Any]]:
    """One object keyed by bar id, as `scripts/bench --json` prints it; `bar` and `variant`
    say what the key names without parsing it."""
    return {
        figure.key: {
            "bar": figure.bar,
            "variant": figure.variant,
            "value": _rounded(figure.value),
            "unit": figure.unit,
            "baseline": None if figure.baseline is None else _rounded(figure.baseline),
            "baseline_unit": figure.baseline_unit,
            "ratio": None if figure.ratio is None else round(figure.ratio, 4),
            "store": figure.store,
            "target": figure.target,
            "met": figure.met,
            "runs": [_rounded(value) for value in figure.runs],
            "size": dict(figure.size),
            "note": figure.note,
        }
        for figure in ordered(figures)
    }


_HEADINGS = ("bar", "store", "value", "unit", "baseline", "ratio", "bar target", "met")


def as_table(figures: Sequence[Figure]) -> str:
    """A table of the figures with each figure's note beneath it."""
    rows = [_HEADINGS] + [
        (
            figure.name,
            figure.store,
            _number(figure.value),
            figure.unit,
            "—"
            if figure.baseline is None
            else f"{_number(figure.baseline)} {figure.baseline_unit or ''}".rstrip(),
            "—" if figure.ratio is None else f"{figure.ratio:.3f}",
            figure.target,
            "yes" if figure.met else "no",
        )
        for figure in ordered(figures)
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(_HEADINGS))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    lines.append("")
    lines.extend(f"{figure.key}: {figure.note}" for figure in ordered(figures))
    return "\n".join(line.rstrip() for line in lines)


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1 or value == 0:
        return f"{value:.2f}"
    return f"{value:.3g}"  # 0.0042 s, not 0.00


def _rounded(value: float) -> float:
    if value >= 100:
        return round(value, 1)
    if value >= 1 or value == 0:
        return round(value, 3)
    return float(f"{value:.4g}")  # four significant digits, however small

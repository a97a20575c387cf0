"""What a KPI family declares: the projection that keeps its facts, the KPI keys it gives, and
how the figures of one period and department follow from the facts.

Every table of a family's projection has a `department` column: the report hands `figures`
the rows of one department (or of all of them, for the company-wide row). The same function
serves the live read model and a report as known at a past moment, whose facts are rebuilt in
memory from the log as it stood then.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import tzinfo
from typing import Any, Protocol

from domain.shared.period import Period
from projections.plugin import Projection

#: Fact rows by table name.
Facts = Mapping[str, Sequence[Mapping[str, Any]]]


class KpiFamily(Protocol):
    @property
    def projection(self) -> Projection:
        """Keeps one row of facts per record (or per record and month, for budgets)."""
        ...

    @property
    def keys(self) -> tuple[str, ...]:
        """The KPI keys of DOMAIN §7 it gives, in the order reports show them."""
        ...

    def figures(self, facts: Facts, period: Period, zone: tzinfo) -> dict[str, Any]:
        """Every one of its keys for the period, from the facts of one department (or all).
        Percentages are numbers 0-100 rounded to 2 places, or None when the denominator is 0;
        money is a decimal string; hours and days are numbers rounded to 2 places, or None
        when nothing was measured."""
        ...

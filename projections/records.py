"""Records (issue 11 item 4): one row per order, complaint, project, budget, risk and
rectification with what finding it needs: its kind, status, department, customer, the people
it names, when it was opened and last changed (business time), and its next open deadline.

The row keeps the record's state, folded with the domain's own `evolve`, so each event costs
one read and one write of its record's row, whatever the record's length.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from domain.kinds import KINDS
from domain.shared.events import event_types
from domain.shared.kind import Kind
from projections.log import LogEntry
from projections.plugin import Column, Table, View

BY_NAME: Mapping[str, Kind] = {kind.name: kind for kind in KINDS}

#: Fields naming something other than a person: the record itself, a customer, another record.
NOT_PEOPLE = frozenset({"id", "customer_id", "related_id", "budget_id", "order_id"})

RECORDS = Table(
    name="records",
    columns=(
        Column("aggregate_id", "uuid", nullable=False),
        Column("aggregate_type", "text", nullable=False),
        Column("status", "text", nullable=False),
        Column("department", "text"),
        Column("customer", "text"),
        Column("people", "json", nullable=False),
        Column("opened_at", "time", nullable=False),
        Column("updated_at", "time", nullable=False),
        Column("next_deadline", "time"),
        Column("version", "integer", nullable=False),
        Column(
            "state",
            "record",
            nullable=False,
            of={kind.name: kind.state_class for kind in KINDS},
            of_column="aggregate_type",
            sealed=True,
        ),
    ),
    key=("aggregate_id",),
    indexes=(
        ("aggregate_type", "status"),
        ("aggregate_type", "department"),
        ("aggregate_type", "customer"),
        ("aggregate_type", "next_deadline"),
        ("aggregate_type", "opened_at"),
    ),
)


def people(state: Any) -> dict[str, str]:
    """Who the record names, by the field naming them (`assignee_id`, `approved_by`, ...)."""
    named: dict[str, str] = {}
    for field in attrs.fields(type(state)):
        if field.name in NOT_PEOPLE or not field.name.endswith(("_id", "_by")):
            continue
        value = getattr(state, field.name)
        if isinstance(value, str) and value:
            named[field.name] = value
    return named


def describe(
    kind: Kind, state: Any, *, version: int, opened: Mapping[str, Any] | None, at: datetime
) -> dict[str, Any]:
    """The row of a record in `state`: `opened` is its row before this event (None for the
    first), `at` the event's business time."""
    department = getattr(state, "department", None)
    if department is None and opened is not None:
        department = opened["department"]
    customer = getattr(state, "customer_id", None)
    return {
        "aggregate_id": state.id,
        "aggregate_type": kind.name,
        "status": str(state.status.value),
        "department": department,
        "customer": customer if isinstance(customer, str) else None,
        "people": people(state),
        "opened_at": opened["opened_at"] if opened is not None else at,
        "updated_at": max(at, opened["updated_at"]) if opened is not None else at,
        "next_deadline": kind.next_deadline(state),
        "version": version,
        "state": state,
    }


@attrs.frozen
class Records:
    """Every record's current row."""

    name: str = "records"
    version: int = 1
    topics: frozenset[str] | None = frozenset(
        name for name, cls in event_types.items() if cls.aggregate_type in BY_NAME
    )
    tables: tuple[Table, ...] = (RECORDS,)

    def apply(self, view: View, page: Sequence[LogEntry]) -> None:
        view.load(RECORDS.name, ((entry.recorded.originator_id,) for entry in page))
        for entry in page:
            recorded = entry.recorded
            kind = BY_NAME[recorded.aggregate_type]
            key = (recorded.originator_id,)
            row = view.get(RECORDS.name, key)
            state = kind.evolve(None if row is None else row["state"], recorded.event)
            described = describe(
                kind,
                state,
                version=recorded.originator_version,
                opened=row,
                at=recorded.occurred_at,
            )
            if row is None and described["department"] is None:
                # A record that names no department belongs to its opener's.
                described["department"] = recorded.actor.department or None
            view.put(RECORDS.name, described)

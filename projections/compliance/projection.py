"""The compliance projection: folds each record's facts, derives the breaches they show, and
keeps one finding per breach (DOMAIN §1 "Deadlines", §7 "Compliance history")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import attrs

from domain.shared.events import event_types
from projections.compliance import (
    budgets,
    complaints,
    orders,
    projects,
    rectifications,
    risks,
    segregation,
)
from projections.compliance.findings import FINDINGS, SUBJECTS, Breach, Rule, reconcile, record
from projections.compliance.marks import Facts, Mark, at, later, mark
from projections.log import LogEntry
from projections.plugin import Table, View


class RuleBook(Protocol):
    """The rules of one kind of record: what they remember of its facts and what they find."""

    KIND: str
    RULES: frozenset[Rule]

    def fold(self, facts: Facts, entry: LogEntry) -> Facts: ...

    def breaches(self, facts: Facts, latest: Mark) -> list[Breach]: ...

    def ended(self, facts: Facts) -> Mark | None: ...

    def department(self, facts: Facts) -> str | None: ...


RULE_BOOKS: dict[str, RuleBook] = {
    book.KIND: book for book in (complaints, orders, projects, budgets, risks, rectifications)
}


def _topics() -> frozenset[str]:
    return frozenset(
        name for name, kind in event_types.items() if kind.aggregate_type in RULE_BOOKS
    ) | {segregation.REFUSAL_TOPIC}


@attrs.frozen
class Compliance:
    """Every rule breach as a finding, and every record the rules apply to as a subject."""

    name: str = "compliance"
    version: int = 1
    topics: frozenset[str] | None = attrs.field(factory=_topics)
    tables: tuple[Table, ...] = (FINDINGS, SUBJECTS)

    def apply(self, view: View, page: Sequence[LogEntry]) -> None:
        view.load(SUBJECTS.name, ((entry.recorded.originator_id,) for entry in page))
        for entry in page:
            attempt = segregation.attempt_in(entry)
            if attempt is not None:
                self._attempted(view, attempt, entry)
                continue
            book = RULE_BOOKS.get(entry.recorded.aggregate_type)
            if book is not None:
                self._fold(view, book, entry)

    def _fold(self, view: View, book: RuleBook, entry: LogEntry) -> None:
        subject_id = entry.recorded.originator_id
        row = view.get(SUBJECTS.name, (subject_id,))
        facts: Facts = {} if row is None else row["facts"]
        latest = later(facts.get("latest"), mark(entry))
        facts = book.fold(facts, entry)
        facts["latest"] = latest
        ended = book.ended(facts)
        department = book.department(facts)
        facts["findings"] = reconcile(
            view,
            subject_id=subject_id,
            subject_type=book.KIND,
            department=department,
            breaches=book.breaches(facts, latest),
            entry=entry,
            known=facts.get("findings", ()),
        )
        view.put(
            SUBJECTS.name,
            {
                "subject_id": subject_id,
                "subject_type": book.KIND,
                "department": department,
                "began_at": entry.recorded.occurred_at if row is None else row["began_at"],
                "ended_at": None if ended is None else at(ended),
                "facts": facts,
            },
        )

    def _attempted(self, view: View, attempt: segregation.Attempt, entry: LogEntry) -> None:
        subject = view.get(SUBJECTS.name, (attempt.subject_id,))
        department = attempt.actor_department if subject is None else subject["department"]
        record(
            view,
            subject_id=attempt.subject_id,
            subject_type=attempt.subject_type,
            department=department,
            breach=segregation.breach_of(attempt),
            entry=entry,
        )

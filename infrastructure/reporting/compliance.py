"""`report compliance` and `audit compliance`: the findings of a period with the compliance rate
per rule and department, and one subject's findings over time (DOMAIN §7)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo
from typing import Any
from uuid import UUID

import attrs

from application.ledger import Ledger
from domain.shared.period import Period
from infrastructure.reporting.facts import replayed
from infrastructure.sql.database import Database
from infrastructure.sql.projection_view import from_sql, to_sql
from projections.compliance.findings import FINDINGS, RULE_KINDS, SUBJECTS, Rule, Status
from projections.compliance.projection import Compliance
from projections.compliance.segregation import CODE, Attempt, breach_of, kind_of
from projections.kpi.figures import pct
from projections.plugin import Column, Table

#: The columns of a subject a report needs (its facts are the projection's own business).
_SUBJECT_COLUMNS = ("subject_id", "subject_type", "department", "began_at", "ended_at")


@attrs.frozen(kw_only=True)
class Finding:
    """One breach of one rule by one subject: when it opened and closed in business time, and
    which logged event first showed it and which closed it."""

    subject_id: UUID
    rule: str
    occurrence: str
    subject_type: str
    department: str | None
    severity: str
    status: str
    opened_at: datetime
    closed_at: datetime | None
    detail: str
    opened_by: str
    opened_by_position: int | None
    closed_by: str | None
    closed_by_position: int | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> Finding:
        return cls(**{name: row[name] for name in attrs.fields_dict(cls)})

    def open_during(self, start: datetime, end: datetime) -> bool:
        """Open at any time in [start, end): opened before its end, not closed before its
        start. A withdrawn finding was never a breach in business time."""
        if self.status == Status.WITHDRAWN:
            return False
        return self.opened_at < end and (self.closed_at is None or self.closed_at >= start)

    def to_json(self) -> dict[str, Any]:
        return {
            "subject_id": str(self.subject_id),
            "rule": self.rule,
            "occurrence": self.occurrence,
            "subject_type": self.subject_type,
            "department": self.department,
            "severity": self.severity,
            "status": self.status,
            "opened_at": self.opened_at.isoformat(),
            "closed_at": None if self.closed_at is None else self.closed_at.isoformat(),
            "detail": self.detail,
            "opened_by": self.opened_by,
            "opened_by_position": self.opened_by_position,
            "closed_by": self.closed_by,
            "closed_by_position": self.closed_by_position,
        }


@attrs.frozen(kw_only=True)
class Rate:
    """The compliance rate of one rule in one department (None: the whole company): subjects
    without a finding open in the period ÷ subjects, as a percentage (None without subjects)."""

    rule: str
    department: str | None
    subjects: int
    with_findings: int

    @property
    def rate_pct(self) -> float | None:
        return pct(self.subjects - self.with_findings, self.subjects)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "department": self.department,
            "subjects": self.subjects,
            "with_findings": self.with_findings,
            "compliance_rate_pct": self.rate_pct,
        }


@attrs.frozen(kw_only=True)
class ComplianceReport:
    period: str
    department: str | None
    rule: str | None
    findings: tuple[Finding, ...]
    rates: tuple[Rate, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "department": self.department,
            "rule": self.rule,
            "findings": [finding.to_json() for finding in self.findings],
            "rates": [rate.to_json() for rate in self.rates],
        }


@attrs.frozen(kw_only=True)
class Subject:
    subject_id: UUID
    subject_type: str
    department: str | None
    began_at: datetime
    ended_at: datetime | None

    def active_during(self, start: datetime, end: datetime) -> bool:
        """Begun before the period's end and not finished before its start."""
        return self.began_at < end and (self.ended_at is None or self.ended_at >= start)


def compliance_report(
    *,
    database: Database,
    ledger: Ledger,
    period: Period,
    zone: tzinfo,
    department: str | None = None,
    rule: Rule | None = None,
    known_at: datetime | None = None,
) -> ComplianceReport:
    """Every finding open at any time in the period, open and closed, oldest first; and per rule
    the compliance rate of each department with subjects, then of the whole company (only of
    `department`, when given). From the live read model, or with `known_at` from the log as it
    stood at that recorded time. The subjects of a rule are the records of its kind active in
    the period (begun before its end, not finished before its start); of
    SEGREGATION_OF_DUTIES, the records of every kind."""
    start, end = period.start(zone), period.end(zone)
    findings, subjects = _read(database, ledger, known_at)
    findings = [*findings, *refused_attempts(database, subjects, known_at)]
    chosen = [
        finding
        for finding in findings
        if finding.open_during(start, end)
        and (rule is None or finding.rule == rule.value)
        and (department is None or finding.department == department)
    ]
    chosen.sort(key=lambda f: (f.opened_at, f.rule, str(f.subject_id), f.occurrence))
    active = [subject for subject in subjects if subject.active_during(start, end)]
    rules = [rule] if rule is not None else list(Rule)
    return ComplianceReport(
        period=str(period),
        department=department,
        rule=None if rule is None else rule.value,
        findings=tuple(chosen),
        rates=tuple(_rates(rules, active, chosen, department)),
    )


def _rates(
    rules: Sequence[Rule],
    active: Sequence[Subject],
    findings: Sequence[Finding],
    department: str | None,
) -> Iterable[Rate]:
    for rule in rules:
        kind = RULE_KINDS[rule]
        subjects = {
            subject.subject_id: subject.department
            for subject in active
            if kind is None or subject.subject_type == kind
        }
        breached = {f.subject_id: f.department for f in findings if f.rule == rule.value}
        subjects.update(breached)
        if department is not None:
            groups: list[str | None] = [department]
        else:
            groups = [*sorted({d for d in subjects.values() if d is not None}), None]
        for group in groups:
            within = {s for s, d in subjects.items() if group is None or d == group}
            yield Rate(
                rule=rule.value,
                department=group,
                subjects=len(within),
                with_findings=len(within & set(breached)),
            )


def subject_findings(
    *, database: Database, ledger: Ledger, subject_id: UUID, known_at: datetime | None = None
) -> list[Finding]:
    """One subject's findings over time, withdrawn ones included, oldest first."""
    findings, subjects = _read(database, ledger, known_at, subject_id=subject_id)
    found = [
        finding
        for finding in (*findings, *refused_attempts(database, subjects, known_at))
        if finding.subject_id == subject_id
    ]
    return sorted(found, key=lambda f: (f.opened_at, f.rule, f.occurrence))


def _read(
    database: Database,
    ledger: Ledger,
    known_at: datetime | None,
    *,
    subject_id: UUID | None = None,
) -> tuple[list[Finding], list[Subject]]:
    equal = {} if subject_id is None else {"subject_id": subject_id}
    if known_at is None:
        finding_rows = _select(database, FINDINGS, FINDINGS.columns, equal)
        subject_rows = _select(database, SUBJECTS, _subject_columns(), {})
    else:
        (view,) = replayed(ledger, [Compliance()], known_at)
        finding_rows = view.rows(FINDINGS.name, **equal)
        subject_rows = view.rows(SUBJECTS.name)
    subjects = [Subject(**{name: row[name] for name in _SUBJECT_COLUMNS}) for row in subject_rows]
    return [Finding.of(row) for row in finding_rows], subjects


def _subject_columns() -> tuple[Column, ...]:
    return tuple(SUBJECTS.column(name) for name in _SUBJECT_COLUMNS)


def _select(
    database: Database, table: Table, columns: Sequence[Column], equal: dict[str, Any]
) -> list[dict[str, Any]]:
    names = ", ".join(column.name for column in columns)
    where = " AND ".join(f"{name} = %s" for name in equal)
    sql = f"SELECT {names} FROM {table.name}" + (f" WHERE {where}" if where else "")
    params = [to_sql(database.dialect, table.column(name), value) for name, value in equal.items()]
    return [
        {
            column.name: from_sql(database.dialect, column, value, {})
            for column, value in zip(columns, row, strict=True)
        }
        for row in database.query(sql, params)
    ]


_AT = Column("at", "time")
_AGGREGATE_ID = Column("aggregate_id", "uuid")


def refused_attempts(
    database: Database, subjects: Sequence[Subject], known_at: datetime | None
) -> list[Finding]:
    """The SEGREGATION_OF_DUTIES findings of maker-checker attempts refused by a store written
    before refusals were entries of the chained log: they are in the legacy `security_log`
    table, which nothing writes any more, and are read here as the compliance projection reads
    `CommandRefused` entries (projections/compliance/segregation.py). A refusal is in one place
    or the other, never both."""
    departments = {subject.subject_id: subject.department for subject in subjects}
    found = []
    rows = database.query(
        "SELECT id, at, actor_id, actor_department, command_type, aggregate_id"
        " FROM security_log WHERE code = %s ORDER BY id",
        [CODE],
    )
    for number, stored_at, actor_id, actor_department, command_type, aggregate_id in rows:
        at = from_sql(database.dialect, _AT, stored_at, {})
        subject_id = from_sql(database.dialect, _AGGREGATE_ID, aggregate_id, {})
        if subject_id is None or (known_at is not None and at > known_at):
            continue
        attempt = Attempt(
            subject_id=subject_id,
            subject_type=kind_of(command_type),
            at=at,
            actor_id=actor_id,
            actor_department=actor_department,
            command_type=command_type,
            position=number,
        )
        breach = breach_of(attempt)
        found.append(
            Finding(
                subject_id=subject_id,
                rule=breach.rule.value,
                occurrence=f"refusal {number}",
                subject_type=attempt.subject_type,
                department=departments.get(subject_id, actor_department),
                severity=breach.severity,
                status=Status.RECORDED.value,
                opened_at=at,
                closed_at=at,
                detail=breach.detail,
                opened_by="security log",
                opened_by_position=None,
                closed_by=None,
                closed_by_position=None,
            )
        )
    return found

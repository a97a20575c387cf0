"""An independent model of DOMAIN §4 for random walks: a project in plain integers and strings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction

import attrs

from domain.shared.actor import Actor, Role
from domain.shared.money import Money
from tests.domain.project.fixtures import ACCOUNTANT, BOSS, HEAD, INSPECTOR, actor

START, END = date(2026, 7, 1), date(2026, 7, 31)
#: Two milestones: a quarter of the work due 10 July, three quarters due on the planned end.
DUE = {"M1": date(2026, 7, 10), "M2": END}
QUARTERS = {"M1": 1, "M2": 3}
BUDGET_CENTS = 10_000_000
#: Baseline costs a plan or a change may name, in cents: some odd, so that earned value rounds.
COSTS = [8_000_000, 9_000_001, 12_345_678, 0]
ENDS = [date(2026, 7, 30), END, date(2026, 8, 15), date(2026, 8, 31)]
OWED = {"approved", "planning", "plan_approved", "executing", "acceptance_requested"}
HOLDABLE = {"proposed", *OWED}
BASELINED = {"plan_approved", "executing", "acceptance_requested"}

#: The proposer is also management, and the first manager also management and a quality
#: inspector: maker-checker is put to the test whenever they try to check their own work.
PROPOSER = actor("u-prop", Role.OPERATIONS, Role.MANAGEMENT)
PEOPLE: dict[str, Actor] = {
    "boss": BOSS,
    "head": HEAD,
    "proposer": PROPOSER,
    "pm1": actor("u-pm1", Role.PROJECT_MANAGER, Role.MANAGEMENT, Role.QUALITY_INSPECTOR),
    "pm2": actor("u-pm2", Role.PROJECT_MANAGER),
    "fin": ACCOUNTANT,
    "qi": INSPECTOR,
}


def money(cents: int) -> Money:
    return Money(Decimal(cents).scaleb(-2), "CNY")


def schedule_due(end: date) -> datetime:
    """Midnight after `end` in Shanghai (UTC+8, no summer time): 16:00 UTC on `end`."""
    return datetime(end.year, end.month, end.day, 16, tzinfo=UTC)


def half_up(value: Fraction) -> int:
    return int((value + Fraction(1, 2)) // 1) if value >= 0 else -half_up(-value)


@attrs.define
class Model:
    """What DOMAIN §4 says the project should be, kept in plain integers (cents) and strings."""

    status: str = "proposed"
    held_from: str = ""
    manager: str = ""
    members: set[str] = attrs.field(factory=set)
    submitted_by: str = ""
    submitted_cost: int = 0
    baseline: int = 0
    end: date = END
    progress: dict[str, int] = attrs.field(factory=lambda: {"M1": 0, "M2": 0})
    spent: int = 0
    pending: tuple[date | None, int | None, str] | None = None
    report_in: bool = False
    reported_late: bool = False

    def expects(self, op: tuple[str, ...], now: datetime) -> bool:
        """Whether DOMAIN §4 allows the operation now."""
        kind, *args = op
        by = args[0] if args else ""
        manages = by == self.manager
        match kind:
            case "approve" | "reject":
                return self.status == "proposed" and by != "proposer"
            case "appoint":
                fresh = args[1] != self.manager
                return (
                    self.status in {"approved", "planning", "plan_approved", "executing"} and fresh
                )
            case "add_member":
                team_open = self.status in {"planning", "plan_approved", "executing"}
                return manages and team_open and args[1] not in self.members
            case "submit":
                return manages and self.status == "planning" and args[1] == "good"
            case "approve_plan":
                return self.status == "planning" and self.submitted_by not in ("", by)
            case "start":
                return manages and self.status == "plan_approved"
            case "progress":
                milestone, percent = args[1], int(args[2])
                known = milestone in self.progress
                rising = known and 0 <= percent <= 100 and percent >= self.progress[milestone]
                return manages and self.status == "executing" and rising
            case "cost":
                open_ = self.status in {*BASELINED, "accepted", "on_hold"}
                return (manages or by == "fin") and open_ and int(args[1]) > 0
            case "request_change":
                return manages and self.status in BASELINED and self._changes(args[1], args[2])
            case "approve_change":
                pending = self.pending is not None and self.pending[2] != by
                return self.status in BASELINED and pending
            case "hold":
                return self.status in HOLDABLE
            case "resume":
                return self.status == "on_hold"
            case "cancel":
                return self.status in {*HOLDABLE, "on_hold"}
            case "request_acceptance":
                done = all(p == 100 for p in self.progress.values())
                return manages and self.status == "executing" and done
            case "inspect":
                return self.status == "acceptance_requested" and by != self.manager
            case "report":
                return manages and self.status == "accepted"
            case "close":
                return self.status == "accepted" and self.report_in and 1 <= int(args[1]) <= 5
            case "sweep":
                owed = self.status in OWED or (self.status == "on_hold" and self.held_from in OWED)
                return owed and not self.reported_late and now >= schedule_due(self.end)
        raise AssertionError(kind)

    def _changes(self, end: str, cost: str) -> bool:
        if end == "-" and cost == "-":
            return False
        if end != "-" and (date.fromisoformat(end) == self.end or date.fromisoformat(end) < END):
            return False  # no change, or before the last milestone (due on the first end)
        return cost == "-" or (int(cost) > 0 and int(cost) != self.baseline)

    def apply(self, op: tuple[str, ...]) -> None:
        """The project after the operation, by DOMAIN §4."""
        kind, *args = op
        match kind:
            case "approve":
                self.status = "approved"
            case "reject":
                self.status = "rejected"
            case "appoint":
                if self.status == "approved":
                    self.status = "planning"
                if self.status == "planning":
                    self.submitted_by = ""  # the predecessor's plan is void
                self.manager = args[1]
            case "add_member":
                self.members.add(args[1])
            case "submit":
                self.submitted_by, self.submitted_cost = args[0], COSTS[0]
            case "approve_plan":
                self.status, self.baseline = "plan_approved", self.submitted_cost
            case "start":
                self.status = "executing"
            case "progress":
                self.progress[args[1]] = int(args[2])
            case "cost":
                self.spent += int(args[1])
            case "request_change":
                end = None if args[1] == "-" else date.fromisoformat(args[1])
                self.pending = (end, None if args[2] == "-" else int(args[2]), args[0])
            case "approve_change":
                assert self.pending is not None
                end, cost, _ = self.pending
                self.end = self.end if end is None else end
                self.baseline = self.baseline if cost is None else cost
                self.pending = None
            case "hold":
                self.held_from, self.status = self.status, "on_hold"
            case "resume":
                self.status = self.held_from
            case "cancel":
                self.status = "cancelled"
            case "request_acceptance":
                self.status = "acceptance_requested"
            case "inspect":
                self.status = "accepted" if args[1] == "pass" else "executing"
            case "report":
                self.report_in = True
            case "close":
                self.status = "closed"
            case "sweep":
                self.reported_late = True

    def earned(self, today: date) -> tuple[int, int, int]:
        """BAC, PV and EV in cents at the end of `today`, when every fact so far is by then."""
        due = sum(QUARTERS[m] for m, on in DUE.items() if on <= today)
        done = sum(QUARTERS[m] * self.progress[m] for m in DUE)
        pv = half_up(Fraction(self.baseline * due, 4))
        ev = half_up(Fraction(self.baseline * done, 400))
        return self.baseline, pv, ev

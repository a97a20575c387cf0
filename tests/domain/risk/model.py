"""An independent model of DOMAIN §6 for random walks: a risk in plain integers and strings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import attrs

from domain.shared.actor import Actor, Role
from tests.domain.risk.fixtures import actor

#: DOMAIN §6's matrix as it writes it, read afresh here: row = likelihood, column = impact.
MATRIX = [
    [int(cell) for cell in row.split()[1:]]
    for row in """L1 0 0 0 1 1
                  L2 0 0 1 1 2
                  L3 0 1 1 2 2
                  L4 1 1 2 3 3
                  L5 1 2 2 3 3""".splitlines()
]
LEVEL_NAMES = ["low", "medium", "high", "critical"]
REVIEW_AFTER = {"critical": 30, "high": 60, "medium": 90, "low": 180}
ASSESSED_STATES = {"assessed", "responding", "monitoring"}
RESPONDED_STATES = {"responding", "monitoring"}

#: The owner also holds management, and one risk officer too: maker-checker is put to the
#: test whenever they try to approve an acceptance they own or chose.
PEOPLE: dict[str, Actor] = {
    "owner": actor("u-owner", Role.DEPARTMENT_HEAD, Role.MANAGEMENT),
    "ro": actor("u-ro", Role.RISK_OFFICER),
    "ro_boss": actor("u-ro-boss", Role.RISK_OFFICER, Role.MANAGEMENT),
    "boss": actor("u-boss", Role.MANAGEMENT),
    "doer": actor("u-doer", Role.OPERATIONS),
    "clerk": actor("u-clerk", Role.FINANCE),
}
OFFICERS = {"ro", "ro_boss"}
MANAGERS = {"owner", "ro_boss", "boss"}


def level(likelihood: int, impact: int) -> str:
    return LEVEL_NAMES[MATRIX[likelihood - 1][impact - 1]]


def shanghai_day(at: datetime) -> date:
    return (at + timedelta(hours=8)).date()


def late_from(day: date) -> datetime:
    """Midnight after `day` in Shanghai: 16:00 UTC on it."""
    return datetime(day.year, day.month, day.day, 16, tzinfo=UTC)


@attrs.define
class Action:
    owner: str
    day: date
    done: bool = False
    reported: bool = False


@attrs.define
class Model:
    """What DOMAIN §6 says the risk should be."""

    status: str = "identified"
    inherent: tuple[int, int] | None = None
    strategy: str = ""
    chooser: str = ""
    pending: bool = False
    residual: tuple[int, int] | None = None
    mitigated: bool = False
    actions: dict[str, Action] = attrs.field(factory=dict)
    review_day: date | None = None
    review_reported: date | None = None

    @property
    def level(self) -> str | None:
        return None if self.inherent is None else level(*self.inherent)

    @property
    def current_level(self) -> str | None:
        return self.level if self.residual is None else level(*self.residual)

    @property
    def open_actions(self) -> set[str]:
        return {a for a, action in self.actions.items() if not action.done}

    def verdict(self, op: tuple[str, ...], now: datetime) -> str:
        """ "ok" where DOMAIN §6 allows the operation now; else the refusal's code."""
        kind, *args = op
        by = args[0] if args else ""
        owner_or_officer = by == "owner" or by in OFFICERS
        match kind:
            case "assess":
                return _first(
                    (lambda: not owner_or_officer, "forbidden"),
                    (lambda: self.status == "closed", "invalid_transition"),
                    (lambda: not _scores(args[1], args[2]), "rule_violation"),
                )
            case "choose":
                transfer, named = args[1] == "transfer", args[2] != "-"
                return _first(
                    (lambda: not owner_or_officer, "forbidden"),
                    (lambda: self.status not in ASSESSED_STATES, "invalid_transition"),
                    (lambda: transfer != named, "rule_violation"),
                )
            case "approve":
                return _first(
                    (lambda: by not in MANAGERS, "forbidden"),
                    (lambda: self.status != "responding", "invalid_transition"),
                    (lambda: not self.pending, "rule_violation"),
                    (lambda: by in ("owner", self.chooser), "segregation_of_duties"),
                )
            case "add":
                return _first(
                    (lambda: not owner_or_officer, "forbidden"),
                    (lambda: self.status not in RESPONDED_STATES, "invalid_transition"),
                    (lambda: args[1] in self.actions, "rule_violation"),
                    (lambda: int(args[3]) < 0, "rule_violation"),
                )
            case "complete":
                action = self.actions.get(args[1])
                return _first(
                    (lambda: action is None, "rule_violation"),
                    (lambda: action is not None and action.owner != by, "forbidden"),
                    (lambda: self.status == "closed", "invalid_transition"),
                    (lambda: action is not None and action.done, "rule_violation"),
                )
            case "residual":
                return _first(
                    (lambda: by not in OFFICERS, "forbidden"),
                    (lambda: self.status not in RESPONDED_STATES, "invalid_transition"),
                    (lambda: not _scores(args[1], args[2]), "rule_violation"),
                    (lambda: self.pending, "rule_violation"),
                    (
                        lambda: not self._residual_allowed(int(args[1]), int(args[2])),
                        "rule_violation",
                    ),
                )
            case "review":
                return _first(
                    (lambda: not owner_or_officer, "forbidden"),
                    (lambda: self.status not in ASSESSED_STATES, "invalid_transition"),
                )
            case "close":
                return _first(
                    (lambda: by not in OFFICERS, "forbidden"),
                    (lambda: self.status == "closed", "invalid_transition"),
                    (lambda: bool(self.open_actions), "rule_violation"),
                )
            case "reopen":
                return _first(
                    (lambda: by not in OFFICERS, "forbidden"),
                    (lambda: self.status != "closed", "invalid_transition"),
                )
        raise AssertionError(kind)

    def _residual_allowed(self, likelihood: int, impact: int) -> bool:
        assert self.inherent is not None
        inherent_likelihood, inherent_impact = self.inherent
        if likelihood > inherent_likelihood or impact > inherent_impact:
            return False
        lower = (likelihood, impact) != self.inherent
        return not lower or self.mitigated or self.strategy == "transfer"

    def overdue(self, now: datetime) -> list[tuple[str, str, date]]:
        """The reports a sweep at `now` gives: the review, then each action as added."""
        found: list[tuple[str, str, date]] = []
        day = self.review_day
        if (
            self.status in ASSESSED_STATES
            and day is not None
            and self.review_reported != day
            and now >= late_from(day)
        ):
            found.append(("RiskReviewOverdue", "", day))
        found += [
            ("MitigationActionOverdue", a, action.day)
            for a, action in self.actions.items()
            if not action.done and not action.reported and now >= late_from(action.day)
        ]
        return found

    def next_deadline(self) -> datetime | None:
        dues = [
            late_from(action.day)
            for action in self.actions.values()
            if not action.done and not action.reported
        ]
        day = self.review_day
        if self.status in ASSESSED_STATES and day is not None and self.review_reported != day:
            dues.append(late_from(day))
        return min(dues, default=None)

    def apply(self, op: tuple[str, ...], now: datetime) -> None:
        """The risk after the operation, by DOMAIN §6."""
        kind, *args = op
        today = shanghai_day(now)
        match kind:
            case "assess":
                self.status, self.inherent = "assessed", (int(args[1]), int(args[2]))
                self.strategy, self.chooser, self.pending = "", "", False
                self.residual, self.mitigated = None, False
                self.review_day = today + timedelta(days=REVIEW_AFTER[level(*self.inherent)])
            case "choose":
                self.status, self.strategy, self.chooser = "responding", args[1], args[0]
                self.pending = args[1] == "accept" and self.level in ("high", "critical")
                self.residual = None
            case "approve":
                self.pending = False
            case "add":
                due = today + timedelta(days=int(args[3]))
                self.actions[args[1]] = Action(owner=args[2], day=due)
            case "complete":
                self.actions[args[1]].done = True
                self.mitigated = True
            case "residual":
                self.status, self.residual = "monitoring", (int(args[1]), int(args[2]))
                self.review_day = today + timedelta(days=REVIEW_AFTER[level(*self.residual)])
            case "review":
                assert self.current_level is not None
                self.review_day = today + timedelta(days=REVIEW_AFTER[self.current_level])
            case "close":
                self.status, self.review_day = "closed", None
            case "reopen":
                self.status = "reopened"
            case "sweep":
                for which, action_id, _ in self.overdue(now):
                    if which == "RiskReviewOverdue":
                        self.review_reported = self.review_day
                    else:
                        self.actions[action_id].reported = True


def _scores(likelihood: str, impact: str) -> bool:
    return all(1 <= int(score) <= 5 for score in (likelihood, impact))


def _first(*checks: tuple[Callable[[], bool], str]) -> str:
    """The code of the first check that fails, in the order the decision makes them (each
    looked at only once those before it pass)."""
    return next((code for failed, code in checks if failed()), "ok")

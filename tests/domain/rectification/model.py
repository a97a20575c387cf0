"""An independent model of DOMAIN §6a for random walks: a rectification in plain strings and
dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs

from domain.shared.actor import Actor, Role
from tests.domain.rectification.fixtures import (
    BOSS,
    DEPARTMENT,
    HEAD,
    OTHER_HEAD,
    OTHER_SUPERVISOR,
    SUPERVISOR,
    actor,
)

#: The notice is issued on 1 July (Shanghai), due on 4 July: soon, so that walks miss it.
DUE = date(2026, 7, 4)
#: Due dates an extension may ask for: before, on and after the first, some long past by the
#: time they are asked for.
EXTENSIONS = [date(2026, 7, 2), DUE, date(2026, 7, 8), date(2026, 7, 15), date(2026, 7, 30)]
UNVERIFIED = {"issued", "acknowledged", "rectifying", "submitted"}

#: The responsible person is also a supervisor and management: segregation of duties is put to
#: the test whenever they try to verify or extend their own rectification.
PEOPLE: dict[str, Actor] = {
    "sup": SUPERVISOR,
    "sup2": OTHER_SUPERVISOR,
    "resp": actor("u-resp", Role.OPERATIONS, Role.SUPERVISOR, Role.MANAGEMENT, department="qa"),
    "head": HEAD,
    "other_head": OTHER_HEAD,
    "boss": BOSS,
    "clerk": actor("u-wh-8", Role.OPERATIONS, department=DEPARTMENT),
}
SUPERVISORS = {"sup", "sup2", "resp"}
EXTENDERS = {*SUPERVISORS, "boss"}


def deadline(due: date) -> datetime:
    """Midnight after `due` in Shanghai (UTC+8, no summer time): 16:00 UTC on `due`."""
    return datetime(due.year, due.month, due.day, 16, tzinfo=UTC)


def shanghai_day(instant: datetime) -> date:
    return (instant + timedelta(hours=8)).date()


OK = "ok"


@attrs.define
class Model:
    """What DOMAIN §6a says the rectification should be, in plain strings and dates."""

    status: str = "issued"
    due: date = DUE
    reported: list[date] = attrs.field(factory=list)
    submissions: int = 0
    rejections: int = 0

    def outcome(self, op: tuple[str, ...], now: datetime) -> str:
        """The error code DOMAIN §6a gives the operation now, or OK: who may send it first,
        then the state, then segregation of duties, then the other rules. A sweep is OK when
        it has something to report, and "" when it has nothing."""
        kind, *args = op
        by = args[0] if args else ""
        match kind:
            case "acknowledge":
                return self._first(
                    forbidden=by not in ("resp", "head"), wrong_state=self.status != "issued"
                )
            case "start" | "submit":
                state = "acknowledged" if kind == "start" else "rectifying"
                return self._first(
                    forbidden=by != "resp",
                    wrong_state=self.status != state,
                    broken=args[1] == "blank",
                )
            case "verify":
                return self._first(
                    forbidden=by not in SUPERVISORS,
                    wrong_state=self.status != "submitted",
                    segregated=by == "resp",
                    broken=args[1] == "fail_blank",
                )
            case "extend":
                new = date.fromisoformat(args[1])
                return self._first(
                    forbidden=by not in EXTENDERS,
                    wrong_state=self.status not in UNVERIFIED,
                    segregated=by == "resp",
                    broken=new <= self.due or new <= shanghai_day(now),
                )
            case "close":
                return self._first(
                    forbidden=by not in SUPERVISORS, wrong_state=self.status != "verified"
                )
            case "sweep":
                return OK if self.next_deadline() is not None and now >= deadline(self.due) else ""
        raise AssertionError(kind)

    @staticmethod
    def _first(
        *,
        forbidden: bool = False,
        wrong_state: bool = False,
        segregated: bool = False,
        broken: bool = False,
    ) -> str:
        for code, refused in (
            ("forbidden", forbidden),
            ("invalid_transition", wrong_state),
            ("segregation_of_duties", segregated),
            ("rule_violation", broken),
        ):
            if refused:
                return code
        return OK

    def next_deadline(self) -> datetime | None:
        """The deadline the sweep waits for: not verified, and this due date not reported."""
        owed = self.status in UNVERIFIED and self.due not in self.reported
        return deadline(self.due) if owed else None

    def apply(self, op: tuple[str, ...]) -> None:
        """The rectification after the operation, by DOMAIN §6a."""
        kind, *args = op
        match kind:
            case "acknowledge":
                self.status = "acknowledged"
            case "start":
                self.status = "rectifying"
            case "submit":
                self.status, self.submissions = "submitted", self.submissions + 1
            case "verify" if args[1] == "pass":
                self.status = "verified"
            case "verify":
                self.status, self.rejections = "rectifying", self.rejections + 1
            case "extend":
                self.due = date.fromisoformat(args[1])
            case "close":
                self.status = "closed"
            case "sweep":
                self.reported.append(self.due)

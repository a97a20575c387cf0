"""The paths a risk takes in the demo: identified, assessed, responded to, monitored, reviewed.

The demo keeps each risk's reviews up to date as DOMAIN §6 sets them (30, 60, 90 or 180 days
by the level in force), so that only the risks meant to miss a review or an action's due day
are reported by the sweep. It reads the level from the matrix as DOMAIN writes it, not from
the domain's code, so a wrong level shows as a breach the plan did not predict.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

import attrs

from infrastructure.demo import risk_wording as wording
from infrastructure.demo.company import Company, Person, Unit
from infrastructure.demo.risk_wording import Theme
from infrastructure.demo.script import Owes, Refusal, Script
from infrastructure.demo.simulated_clock import COMPANY_TZ, first_after, is_business_day, local

KIND = "risk"
DAY = 24 * 60

#: DOMAIN §6's level matrix: likelihood rows 1-5, impact columns 1-5.
MATRIX = (
    (0, 0, 0, 1, 1),
    (0, 0, 1, 1, 2),
    (0, 1, 1, 2, 2),
    (1, 1, 2, 3, 3),
    (1, 2, 2, 3, 3),
)
LEVELS = ("low", "medium", "high", "critical")
#: Days from an assessment or review to the next review, by the level in force.
REVIEW_DAYS = {"critical": 30, "high": 60, "medium": 90, "low": 180}

REVIEW = "review"


def level_of(likelihood: int, impact: int) -> str:
    return LEVELS[MATRIX[likelihood - 1][impact - 1]]


def _band(score: int) -> str:
    return "high" if score >= 4 else "medium" if score == 3 else "low"


def recommended(likelihood: int, impact: int) -> str | None:
    """The policies' recommendation: avoid (both high), reduce (likely, medium impact),
    transfer (unlikely, high impact), accept (both low); else none."""
    return {
        ("high", "high"): "avoid",
        ("high", "medium"): "reduce",
        ("low", "high"): "transfer",
        ("low", "low"): "accept",
    }.get((_band(likelihood), _band(impact)))


def _midnight_after(day: date) -> datetime:
    """When something due on `day` is late: the first instant of the next day."""
    return local(day + timedelta(days=1), time(0, 0))


def _day(instant: datetime) -> date:
    return instant.astimezone(COMPANY_TZ).date()


class RiskPath(enum.Enum):
    """How a risk goes."""

    SHOWCASE = (
        "critical (L5 x I5): reduced against the policy's avoid, actions done, residual lower, "
        "closed, reopened"
    )
    REDUCED = "reduced: mitigation actions completed, residual lower, monitored"
    TRANSFERRED = "transferred to a counterparty, residual lower"
    ACCEPTED_LOW = "low risk accepted and monitored"
    ACCEPTED_HIGH = "high or critical risk accepted: pending until management approves"
    AVOIDED = "avoided: the activity stopped, then closed"
    CLOSED = "mitigated and closed"
    REVIEW_OVERDUE = "review missed (noticed by the sweep), reviewed late"
    ACTION_OVERDUE = "mitigation action late (noticed by the sweep), completed late"
    RESPONDING = "identified later in the quarter, response under way"
    IDENTIFIED = "identified at quarter end, not yet assessed"


#: How often each path is drawn once every path has been shown at least once.
WEIGHTS = {
    RiskPath.SHOWCASE: 1,
    RiskPath.REDUCED: 14,
    RiskPath.TRANSFERRED: 7,
    RiskPath.ACCEPTED_LOW: 8,
    RiskPath.ACCEPTED_HIGH: 4,
    RiskPath.AVOIDED: 3,
    RiskPath.CLOSED: 6,
    RiskPath.REVIEW_OVERDUE: 3,
    RiskPath.ACTION_OVERDUE: 3,
    RiskPath.RESPONDING: 7,
    RiskPath.IDENTIFIED: 3,
}

#: When in the quarter a risk of each path is identified, as shares of its business days.
ARRIVAL: dict[RiskPath, tuple[float, float]] = {
    RiskPath.SHOWCASE: (0.0, 0.05),
    RiskPath.REVIEW_OVERDUE: (0.0, 0.3),
    RiskPath.ACTION_OVERDUE: (0.0, 0.6),
    RiskPath.RESPONDING: (0.6, 0.9),
    RiskPath.IDENTIFIED: (0.88, 0.97),
}
EARLY = (0.0, 0.65)

#: Likelihood and impact each path is assessed at (inclusive ranges).
SCORES: dict[RiskPath, tuple[tuple[int, int], tuple[int, int]]] = {
    RiskPath.REDUCED: ((3, 5), (2, 5)),
    RiskPath.TRANSFERRED: ((1, 2), (4, 5)),
    RiskPath.ACCEPTED_LOW: ((1, 2), (1, 2)),
    RiskPath.ACCEPTED_HIGH: ((3, 4), (4, 4)),
    RiskPath.AVOIDED: ((4, 5), (4, 5)),
    RiskPath.CLOSED: ((2, 4), (2, 4)),
    RiskPath.REVIEW_OVERDUE: ((4, 5), (4, 5)),
    RiskPath.ACTION_OVERDUE: ((3, 4), (3, 4)),
    RiskPath.RESPONDING: ((1, 5), (1, 5)),
    RiskPath.IDENTIFIED: ((1, 5), (1, 5)),
}


@attrs.define(kw_only=True)
class Minding:
    """A risk being looked after: its script, people, words, the scores in force, when its
    next review falls due, and its mitigation actions."""

    script: Script
    company: Company
    unit: Unit
    theme: Theme
    title: str
    owner: Person
    identifier: Person
    sweeps: Sequence[datetime]
    #: No step is written after this instant (the quarter's last sweep).
    horizon: datetime
    demonstrate_refusals: bool
    related_id: str | None = None
    likelihood: int = 0
    impact: int = 0
    level: str | None = None
    residual: str | None = None
    review_due: datetime | None = None
    #: A review deadline the story lets pass (the sweep must notice it).
    lapse: datetime | None = None
    actions: dict[str, tuple[Person, date]] = attrs.field(factory=dict)
    completed: set[str] = attrs.field(factory=set)

    @property
    def rng(self) -> random.Random:
        return self.script.rng

    def pick(self, people: Sequence[Person]) -> Person:
        return self.rng.choice(tuple(people))

    @property
    def officer(self) -> Person:
        return self.pick(self.company.risk_officers)

    @property
    def owner_or_officer(self) -> Person:
        return self.owner if self.rng.random() < 0.7 else self.officer

    @property
    def level_in_force(self) -> str:
        return self.residual or self.level or "low"

    def action_owner(self, *, besides: Person | None = None) -> Person:
        people = [p for p in self.unit.everyone if besides is None or p.id != besides.id]
        return self.pick(people)

    # -- sending --------------------------------------------------------------------------

    def send(
        self,
        verb: str,
        actor: Person,
        payload: dict[str, Any] | Callable[[datetime], dict[str, Any]] | None = None,
        *,
        after: tuple[int, int] = (30, 240),
        at: datetime | None = None,
        reason: str | None = None,
        refusal: Refusal | None = None,
        owes: Callable[[datetime], Owes] | None = None,
        keep_reviewed: bool = True,
    ) -> datetime:
        """Send a step, first doing whatever review falls due before it (unless it is a
        review); `payload` and `owes` may depend on the instant it happens."""
        target = at if at is not None else self.script.later(after)
        if keep_reviewed:
            self.keep_reviewed(until=target)
        when = self.script.when(at=max(target, self.script.time))
        self.script.send(
            verb,
            actor,
            payload(when) if callable(payload) else payload,
            at=when,
            office_hours=False,
            reason=reason,
            refusal=refusal,
            owes=None if owes is None else owes(when),
        )
        return when

    def refuse(
        self,
        verb: str,
        actor: Person,
        payload: dict[str, Any] | None = None,
        *,
        code: str,
        why: str,
        reason: str | None = None,
    ) -> None:
        """A deliberate mistake the demo shows being refused with `code`."""
        if self.demonstrate_refusals:
            self.send(
                verb,
                actor,
                payload,
                after=(5, 60),
                reason=reason,
                refusal=Refusal(code=code, why=why),
            )

    def _reviewed_at(self, level: str) -> Callable[[datetime], Owes]:
        """The next review falls due by `level`, counted from the day of the step."""

        def owes(when: datetime) -> Owes:
            self.review_due = _midnight_after(_day(when) + timedelta(days=REVIEW_DAYS[level]))
            return Owes(due=self.review_due, what=REVIEW)

        return owes

    def keep_reviewed(self, *, until: datetime) -> None:
        """Review the risk on or a few days before each review date that comes before
        `until` (and the weekend or so office hours may add), unless the story lets it lapse."""
        while (
            self.review_due is not None
            and self.review_due <= until + timedelta(days=4)
            and self.review_due != self.lapse
        ):
            review_on = _day(self.review_due) - timedelta(days=1)
            day = review_on - timedelta(days=self.rng.randint(0, 4))
            while not is_business_day(day):
                day -= timedelta(days=1)
            at = local(day, time(9, 30)) + timedelta(minutes=self.rng.randint(0, 420))
            self.review(at=max(at, self.script.time + timedelta(minutes=30)))

    # -- the steps ------------------------------------------------------------------------

    def identify(self) -> None:
        payload = {
            "title": self.title,
            "category": self.theme.category,
            "description": self.theme.description,
            "owner_id": self.owner.id,
            "department": self.unit.key,
        }
        if self.related_id is not None:
            payload["related_id"] = self.related_id
        self.script.send("identify", self.identifier, payload, at=self.script.time)

    def assess(self, likelihood: int, impact: int, *, by: Person | None = None) -> None:
        self.likelihood, self.impact = likelihood, impact
        self.level, self.residual = level_of(likelihood, impact), None
        self.send(
            "assess",
            by or self.owner_or_officer,
            {"likelihood": likelihood, "impact": impact},
            after=(2 * 60, 3 * DAY),
            owes=self._reviewed_at(self.level),
        )

    def choose(
        self, strategy: str, *, rationale: str | None = None, by: Person | None = None
    ) -> None:
        payload = {"strategy": strategy, "rationale": rationale or wording.RATIONALE[strategy]}
        if strategy == "transfer":
            payload["counterparty"] = self.theme.counterparty
        self.send("choose_response", by or self.owner_or_officer, payload, after=(60, 2 * DAY))

    def approve_acceptance(self) -> None:
        approver = self.pick([m for m in self.company.management if m.id != self.owner.id])
        self.send("approve_acceptance", approver, after=(DAY // 2, 3 * DAY))

    def add_action(
        self,
        action_id: str,
        *,
        owner: Person | None = None,
        days: tuple[int, int] = (10, 21),
        due_on: date | None = None,
    ) -> None:
        doer = owner or self.action_owner()
        number = len(self.actions)
        description = self.theme.actions[number % len(self.theme.actions)]
        chosen: list[date] = []

        def payload(when: datetime) -> dict[str, Any]:
            due = due_on or _day(when) + timedelta(days=self.rng.randint(*days))
            while due_on is None and not is_business_day(due):
                due += timedelta(days=1)
            chosen.append(due)
            return {
                "action_id": action_id,
                "description": description,
                "owner_id": doer.id,
                "due_on": due.isoformat(),
            }

        def owes(_: datetime) -> Owes:
            self.actions[action_id] = (doer, chosen[0])
            return Owes(due=_midnight_after(chosen[0]), what=f"action {action_id}")

        self.send("add_action", self.owner_or_officer, payload, after=(60, DAY), owes=owes)

    def complete_action(self, action_id: str, *, late: bool = False) -> None:
        """The action's owner completes it a few days before its due day, or, late, once the
        sweep has reported it."""
        doer, due_on = self.actions[action_id]
        if late:
            noticed = first_after(self.sweeps, _midnight_after(due_on)) or _midnight_after(due_on)
            at = noticed + timedelta(minutes=self.rng.randint(60, 2 * DAY))
        else:
            day = due_on - timedelta(days=self.rng.randint(1, 5))
            while not is_business_day(day):
                day -= timedelta(days=1)
            at = local(day, time(9, 30)) + timedelta(minutes=self.rng.randint(0, 420))
            if at <= self.script.time:
                at = self.script.time + timedelta(minutes=self.rng.randint(30, 120))
        number = list(self.actions).index(action_id)
        self.completed.add(action_id)
        self.send(
            "complete_action",
            doer,
            {
                "action_id": action_id,
                "evidence": self.theme.evidence[number % len(self.theme.evidence)],
            },
            at=at,
            owes=lambda _: Owes(due=None, what=f"action {action_id}"),
        )

    def complete_open_actions(self) -> None:
        """Every open action completed by its owner, the earliest due first."""
        due = sorted(
            (due_on, action_id)
            for action_id, (_, due_on) in self.actions.items()
            if action_id not in self.completed
        )
        for _, action_id in due:
            self.complete_action(action_id)

    def assess_residual(self, likelihood: int, impact: int) -> None:
        self.residual = level_of(likelihood, impact)
        self.send(
            "assess_residual",
            self.officer,
            {"likelihood": likelihood, "impact": impact},
            after=(DAY // 2, 3 * DAY),
            owes=self._reviewed_at(self.residual),
        )

    def review(self, *, at: datetime | None = None, notes: str | None = None) -> None:
        self.send(
            "review",
            self.owner_or_officer,
            {"notes": notes or self.rng.choice(wording.REVIEW_NOTES)},
            at=at,
            owes=self._reviewed_at(self.level_in_force),
            keep_reviewed=False,
        )

    def late_review(self) -> None:
        """The review the story let lapse, done once the sweep has reported it."""
        assert self.lapse is not None
        noticed = first_after(self.sweeps, self.lapse) or self.lapse
        self.review(
            at=noticed + timedelta(minutes=self.rng.randint(60, 2 * DAY)), notes=wording.LATE_REVIEW
        )
        self.lapse = None

    def close(self, reason: str = wording.CLOSE_REASON) -> None:
        def owes(_: datetime) -> Owes:
            self.review_due = None
            return Owes(due=None, what=REVIEW)

        self.send("close", self.officer, after=(DAY // 2, 3 * DAY), reason=reason, owes=owes)

    def reopen(self) -> None:
        self.send("reopen", self.officer, after=(5 * DAY, 12 * DAY), reason=wording.REOPEN_REASON)
        self.level = self.residual = None

    def lower(self) -> tuple[int, int]:
        """A residual likelihood and impact below the inherent ones."""
        likelihood = max(1, self.likelihood - self.rng.randint(1, 2))
        impact = max(1, self.impact - self.rng.randint(0, 1))
        return likelihood, impact

    def mitigate(self, actions: int = 1) -> None:
        """Actions added, completed by their owners, and the residual risk assessed lower."""
        names = [f"A{len(self.actions) + n + 1}" for n in range(actions)]
        for name in names:
            self.add_action(name)
        self.complete_open_actions()
        self.assess_residual(*self.lower())

    def scores(self, path: RiskPath) -> tuple[int, int]:
        (low_l, high_l), (low_i, high_i) = SCORES[path]
        return self.rng.randint(low_l, high_l), self.rng.randint(low_i, high_i)


# -- the paths ------------------------------------------------------------------------------


def _showcase(m: Minding) -> None:
    m.identify()
    m.assess(5, 5, by=m.officer)
    m.choose("reduce", rationale=wording.REDUCE_NOT_AVOID, by=m.owner)
    m.refuse(
        "assess_residual",
        m.officer,
        {"likelihood": 3, "impact": 3},
        code="rule_violation",
        why="a residual risk is lower than the inherent one only after a mitigation action is "
        "completed or the risk transferred (rule_violation)",
    )
    first = m.action_owner(besides=m.owner)
    second = m.action_owner(besides=first)
    m.add_action("A1", owner=first, days=(10, 13))
    m.add_action("A2", owner=second, days=(16, 20))
    m.refuse(
        "close",
        m.officer,
        reason=wording.CLOSE_REASON,
        code="rule_violation",
        why="a risk is closed only with no open mitigation actions (rule_violation)",
    )
    m.refuse(
        "complete_action",
        second,
        {"action_id": "A1", "evidence": m.theme.evidence[0]},
        code="forbidden",
        why="only that action's owner completes a mitigation action (forbidden)",
    )
    m.complete_action("A1")
    m.complete_action("A2")
    m.assess_residual(3, 3)
    m.review()
    m.close()
    m.reopen()
    m.assess(4, 4, by=m.owner)
    m.choose("reduce", rationale=wording.REDUCE_NOT_AVOID, by=m.owner)
    m.mitigate()


def _reduced(m: Minding) -> None:
    m.identify()
    m.assess(*m.scores(RiskPath.REDUCED))
    m.choose("reduce")
    m.add_action("A1")
    m.refuse(
        "add_action",
        m.owner,
        {
            "action_id": "A1",
            "description": m.theme.actions[-1],
            "owner_id": m.owner.id,
            "due_on": (_day(m.script.time) + timedelta(days=14)).isoformat(),
        },
        code="rule_violation",
        why="an action's id is unique within its risk (rule_violation)",
    )
    if m.rng.random() < 0.5:
        m.add_action("A2")
    m.complete_open_actions()
    m.assess_residual(*m.lower())


def _transferred(m: Minding) -> None:
    m.identify()
    m.assess(*m.scores(RiskPath.TRANSFERRED))
    m.refuse(
        "choose_response",
        m.owner,
        {"strategy": "transfer", "rationale": wording.RATIONALE["transfer"]},
        code="rule_violation",
        why="a transfer names the counterparty who takes the risk over (rule_violation)",
    )
    m.choose("transfer")
    m.assess_residual(m.likelihood, max(1, m.impact - 2))


def _accepted_low(m: Minding) -> None:
    m.identify()
    m.assess(*m.scores(RiskPath.ACCEPTED_LOW))
    m.choose("accept")
    m.assess_residual(m.likelihood, m.impact)


def _accepted_high(m: Minding) -> None:
    m.identify()
    m.assess(*m.scores(RiskPath.ACCEPTED_HIGH))
    m.choose("accept", rationale=wording.ACCEPT_HIGH, by=m.owner)
    m.refuse(
        "assess_residual",
        m.officer,
        {"likelihood": m.likelihood, "impact": m.impact},
        code="rule_violation",
        why="accepting a high or critical risk is not in force before management approves it "
        "(rule_violation)",
    )
    m.refuse(
        "approve_acceptance",
        m.owner,
        code="segregation_of_duties",
        why="the risk's owner may not approve accepting it, even as management "
        "(segregation_of_duties)",
    )
    m.refuse(
        "approve_acceptance",
        m.officer,
        code="forbidden",
        why="only management approves accepting a high or critical risk (forbidden)",
    )
    m.approve_acceptance()
    m.assess_residual(m.likelihood, m.impact)


def _avoided(m: Minding) -> None:
    m.identify()
    m.assess(*m.scores(RiskPath.AVOIDED))
    m.choose("avoid")
    m.add_action("A1", owner=m.owner, days=(5, 10))
    m.complete_action("A1")
    m.assess_residual(1, 1)
    m.close(wording.AVOID_CLOSE)


def _closed(m: Minding) -> None:
    m.identify()
    m.assess(*m.scores(RiskPath.CLOSED))
    m.choose("reduce")
    m.mitigate()
    m.close()


def _review_overdue(m: Minding) -> None:
    m.identify()
    m.assess(*m.scores(RiskPath.REVIEW_OVERDUE))
    m.lapse = m.review_due
    m.choose("reduce")
    assert m.review_due is not None
    m.add_action("A1", due_on=_day(m.review_due) + timedelta(days=m.rng.randint(8, 12)))
    m.late_review()
    m.complete_action("A1")
    m.assess_residual(*m.lower())


def _action_overdue(m: Minding) -> None:
    m.identify()
    m.assess(*m.scores(RiskPath.ACTION_OVERDUE))
    m.choose("reduce")
    m.add_action("A1", days=(5, 8))
    m.complete_action("A1", late=True)
    m.assess_residual(*m.lower())


def _responding(m: Minding) -> None:
    m.identify()
    m.refuse(
        "assess",
        m.company.auditor,
        {"likelihood": 2, "impact": 2},
        code="forbidden",
        why="an auditor only reads; assessing a risk is forbidden",
    )
    likelihood, impact = m.scores(RiskPath.RESPONDING)
    m.assess(likelihood, impact)
    strategy = recommended(likelihood, impact) or "reduce"
    m.choose(strategy)
    if strategy in ("reduce", "avoid"):
        m.add_action("A1", due_on=_day(m.horizon) + timedelta(days=m.rng.randint(5, 30)))


def _identified(m: Minding) -> None:
    m.identify()


SCRIPTS: dict[RiskPath, Callable[[Minding], None]] = {
    RiskPath.SHOWCASE: _showcase,
    RiskPath.REDUCED: _reduced,
    RiskPath.TRANSFERRED: _transferred,
    RiskPath.ACCEPTED_LOW: _accepted_low,
    RiskPath.ACCEPTED_HIGH: _accepted_high,
    RiskPath.AVOIDED: _avoided,
    RiskPath.CLOSED: _closed,
    RiskPath.REVIEW_OVERDUE: _review_overdue,
    RiskPath.ACTION_OVERDUE: _action_overdue,
    RiskPath.RESPONDING: _responding,
    RiskPath.IDENTIFIED: _identified,
}


def finish(m: Minding) -> None:
    """Every review that falls due before the quarter ends is done (but a lapse)."""
    m.keep_reviewed(until=m.horizon)

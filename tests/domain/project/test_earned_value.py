"""Earned value at any date (DOMAIN §4), computed by hand for a scripted project."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from domain.project import decisions
from domain.project.earned_value import EarnedValue, earned_value, latest_earned_value
from domain.project.events import ProjectEvent
from domain.project.state import Project
from domain.project.values import Milestone
from domain.shared.actor import Actor
from tests.domain.project.fixtures import (
    ACCOUNTANT,
    BOSS,
    HEAD,
    M1,
    M2,
    MILESTONES,
    NEW_END,
    OTHER_BOSS,
    PLANNING,
    PM,
    PROPOSER,
    SHANGHAI,
    cny,
    given,
    history,
    plan_approved,
    plan_submitted,
    progress,
    propose_as,
    started,
    then,
)

D = Decimal
Decide = Callable[[Project, datetime], list[ProjectEvent]]


def shanghai(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A business time in 2026 on the Shanghai clock."""
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def spend(amount: str, by: Actor = ACCOUNTANT) -> Decide:
    return lambda p, t: decisions.record_cost(
        p, amount=cny(amount), description="费用 (cost)", actor=by, at=t
    )


def report(milestone: str, percent: int) -> Decide:
    return lambda p, t: decisions.record_progress(
        p, milestone=milestone, percent_complete=percent, actor=PM, at=t
    )


#: The project's life as its commands were sent, at their Shanghai business times. The plan:
#: BAC 400,000.00; M1 weight 0.20 due 15 July, M2 0.50 due 31 August, M3 0.30 due 30 September.
SCRIPT: list[tuple[datetime, Decide]] = [
    (shanghai(7, 1, 10), lambda p, t: decisions.approve(p, actor=BOSS, at=t)),
    (
        shanghai(7, 1, 11),
        lambda p, t: decisions.appoint_manager(p, manager_id=PM.id, actor=BOSS, at=t),
    ),
    (
        shanghai(7, 2, 10),
        lambda p, t: decisions.submit_plan(
            p,
            milestones=MILESTONES,
            quality_plan="评审",
            risk_plan="演练",
            communication_plan="周会",
            baseline_cost=cny("400000.00"),
            actor=PM,
            at=t,
        ),
    ),
    (shanghai(7, 3, 10), lambda p, t: decisions.approve_plan(p, actor=HEAD, at=t)),
    (shanghai(7, 3, 11), lambda p, t: decisions.start(p, actor=PM, at=t)),
    (shanghai(7, 10, 15), spend("30000.00")),
    (shanghai(7, 14, 17), report(M1, 60)),
    (shanghai(7, 16, 10), report(M1, 100)),
    (shanghai(7, 16, 23, 30), spend("12345.67", by=PM)),  # 15:30 UTC: still 16 July
    (shanghai(7, 17, 0, 30), spend("1000.00")),  # 16:30 UTC on 16 July, but 17 July here
    (shanghai(7, 31, 18), report(M2, 30)),
    (shanghai(7, 31, 18, 30), spend("80000.00")),
    (
        shanghai(8, 10, 9),
        lambda p, t: decisions.request_change(
            p,
            new_planned_end=NEW_END,
            new_baseline_cost=cny("460000.00"),
            actor=PM,
            at=t,
            zone=SHANGHAI,
        ),
    ),
    (shanghai(8, 12, 14), lambda p, t: decisions.approve_change(p, actor=OTHER_BOSS, at=t)),
    (shanghai(8, 20, 10), report(M2, 70)),
    (shanghai(8, 20, 11), spend("150000.00")),
]


def scripted() -> Project:
    """The project after every command of the script, each decided on the state before it."""
    events = propose_as(PROPOSER, shanghai(7, 1, 9, 30))
    project = given(events)
    for at, decide in SCRIPT:
        events += decide(project, at)
        project = given(events)
    return project


def figures(
    on: date,
    *,
    bac: str,
    pv: str,
    ev: str,
    ac: str,
    sv: str,
    cv: str,
    spi: str | None,
    cpi: str | None,
    eac: str | None,
) -> EarnedValue:
    return EarnedValue(
        on=on,
        currency="CNY",
        bac=D(bac),
        pv=D(pv),
        ev=D(ev),
        ac=D(ac),
        sv=D(sv),
        cv=D(cv),
        spi=None if spi is None else D(spi),
        cpi=None if cpi is None else D(cpi),
        eac=None if eac is None else D(eac),
    )


#: Each date's figures, worked out by hand.
BY_HAND = [
    # Before the plan's approval there is no baseline: nothing planned, earned or spent, and
    # every ratio has a denominator of 0.
    figures(
        date(2026, 7, 2), bac="0.00", pv="0.00", ev="0.00", ac="0.00", sv="0.00", cv="0.00",
        spi=None, cpi=None, eac=None,
    ),
    # Approved, started, nothing recorded: PV 0 (no milestone due yet), AC 0, EV 0.
    figures(
        date(2026, 7, 3), bac="400000.00", pv="0.00", ev="0.00", ac="0.00", sv="0.00",
        cv="0.00", spi=None, cpi=None, eac=None,
    ),
    # Spent 30,000.00, nothing earned: CPI = 0 / 30,000.00 = 0, so EAC = BAC / 0 is None.
    figures(
        date(2026, 7, 10), bac="400000.00", pv="0.00", ev="0.00", ac="30000.00", sv="0.00",
        cv="-30000.00", spi=None, cpi="0.0000", eac=None,
    ),
    # M1 due: PV = 400,000 x 0.20 = 80,000.00. M1 at 60%: EV = 400,000 x 0.20 x 0.60 =
    # 48,000.00. AC = 30,000.00. SV = 48,000 - 80,000 = -32,000.00; CV = 48,000 - 30,000 =
    # 18,000.00. SPI = 48,000 / 80,000 = 0.6; CPI = 48,000 / 30,000 = 1.6;
    # EAC = 400,000 / 1.6 = 250,000.00.
    figures(
        date(2026, 7, 15), bac="400000.00", pv="80000.00", ev="48000.00", ac="30000.00",
        sv="-32000.00", cv="18000.00", spi="0.6000", cpi="1.6000", eac="250000.00",
    ),
    # M1 at 100%: EV = 400,000 x 0.20 = 80,000.00. The 23:30 cost counts on 16 July, the 00:30
    # one does not: AC = 30,000.00 + 12,345.67 = 42,345.67. SV = 0.00; CV = 80,000 - 42,345.67
    # = 37,654.33. SPI = 1; CPI = 80,000 / 42,345.67 = 1.88921... -> 1.8892;
    # EAC = 400,000 x 42,345.67 / 80,000 = 42,345.67 x 5 = 211,728.35.
    figures(
        date(2026, 7, 16), bac="400000.00", pv="80000.00", ev="80000.00", ac="42345.67",
        sv="0.00", cv="37654.33", spi="1.0000", cpi="1.8892", eac="211728.35",
    ),
    # The 00:30 cost is 17 July's: AC = 42,345.67 + 1,000.00 = 43,345.67. CV = 36,654.33.
    # CPI = 80,000 / 43,345.67 = 1.84562... -> 1.8456; EAC = 43,345.67 x 5 = 216,728.35.
    figures(
        date(2026, 7, 17), bac="400000.00", pv="80000.00", ev="80000.00", ac="43345.67",
        sv="0.00", cv="36654.33", spi="1.0000", cpi="1.8456", eac="216728.35",
    ),
    # Change requested on 10 August, not yet approved: the old baseline holds. M2 at 30%:
    # EV = 400,000 x (0.20 x 1 + 0.50 x 0.30) = 400,000 x 0.35 = 140,000.00. PV still 80,000.00
    # (M2 is due 31 August). AC = 43,345.67 + 80,000.00 = 123,345.67. SV = 60,000.00;
    # CV = 140,000 - 123,345.67 = 16,654.33. SPI = 140,000 / 80,000 = 1.75;
    # CPI = 140,000 / 123,345.67 = 1.13502... -> 1.1350;
    # EAC = 400,000 x 123,345.67 / 140,000 = 123,345.67 x 20 / 7 = 352,416.20.
    figures(
        date(2026, 8, 11), bac="400000.00", pv="80000.00", ev="140000.00", ac="123345.67",
        sv="60000.00", cv="16654.33", spi="1.7500", cpi="1.1350", eac="352416.20",
    ),
    # Approved on 12 August: BAC = 460,000.00 from that day on. PV = 460,000 x 0.20 =
    # 92,000.00; EV = 460,000 x 0.35 = 161,000.00; SV = 69,000.00; CV = 161,000 - 123,345.67
    # = 37,654.33. SPI = 161,000 / 92,000 = 1.75; CPI = 161,000 / 123,345.67 = 1.30527... ->
    # 1.3053; EAC = 460,000 x 123,345.67 / 161,000 = 123,345.67 x 20 / 7 = 352,416.20.
    figures(
        date(2026, 8, 12), bac="460000.00", pv="92000.00", ev="161000.00", ac="123345.67",
        sv="69000.00", cv="37654.33", spi="1.7500", cpi="1.3053", eac="352416.20",
    ),
    # M2 due too: PV = 460,000 x (0.20 + 0.50) = 322,000.00. M2 at 70%: EV = 460,000 x
    # (0.20 + 0.50 x 0.70) = 460,000 x 0.55 = 253,000.00. AC = 123,345.67 + 150,000.00 =
    # 273,345.67. SV = 253,000 - 322,000 = -69,000.00; CV = 253,000 - 273,345.67 = -20,345.67.
    # SPI = 253,000 / 322,000 = 0.78571... -> 0.7857; CPI = 253,000 / 273,345.67 = 0.92556...
    # -> 0.9256; EAC = 460,000 x 273,345.67 / 253,000 = 496,992.1272... -> 496,992.13.
    figures(
        date(2026, 9, 1), bac="460000.00", pv="322000.00", ev="253000.00", ac="273345.67",
        sv="-69000.00", cv="-20345.67", spi="0.7857", cpi="0.9256", eac="496992.13",
    ),
    # Every milestone due: PV = BAC = 460,000.00. SV = 253,000 - 460,000 = -207,000.00.
    # SPI = 253,000 / 460,000 = 0.55.
    figures(
        date(2026, 10, 1), bac="460000.00", pv="460000.00", ev="253000.00", ac="273345.67",
        sv="-207000.00", cv="-20345.67", spi="0.5500", cpi="0.9256", eac="496992.13",
    ),
]  # fmt: skip


class TestAScriptedProject:
    """Every figure of every date, as a person works it out from the plan and the events."""

    @pytest.mark.parametrize("expected", BY_HAND, ids=[str(f.on) for f in BY_HAND])
    def test_the_figures_on(self, expected: EarnedValue) -> None:
        assert earned_value(scripted(), on=expected.on, zone=SHANGHAI) == expected

    def test_the_latest_figures_are_those_of_the_day_of_the_last_event(self) -> None:
        project = scripted()
        assert latest_earned_value(project, zone=SHANGHAI) == earned_value(
            project, on=date(2026, 8, 20), zone=SHANGHAI
        )

    def test_another_zone_places_late_evening_costs_on_another_day(self) -> None:
        # In UTC the 23:30 Shanghai cost (15:30 UTC) and the 00:30 one (16:30 UTC) are both on
        # 16 July: AC = 30,000.00 + 12,345.67 + 1,000.00 = 43,345.67.
        figures_in_utc = earned_value(scripted(), on=date(2026, 7, 16), zone=ZoneInfo("UTC"))
        assert figures_in_utc.ac == D("43345.67")


class TestRounding:
    """Amounts are rounded to the cent, half up, once; ratios to four places."""

    def test_half_a_cent_earned_rounds_up(self) -> None:
        whole = (Milestone(name="all", due=date(2026, 9, 30), weight=D(1)),)
        past = then(
            history(PLANNING),
            plan_submitted(whole, cost=cny("100.01")),
            plan_approved(whole, cost=cny("100.01")),
            started,
            progress("all", 50),
        )
        # EV = 100.01 x 1 x 0.50 = 50.005 -> 50.01 (half up; half even would give 50.00).
        # PV = 100.01 x 1 = 100.01 on 30 September; SPI = 50.01 / 100.01 = 0.50004... -> 0.5000.
        figures_then = earned_value(given(past), on=date(2026, 9, 30), zone=SHANGHAI)
        assert (figures_then.ev, figures_then.pv, figures_then.spi) == (
            D("50.01"),
            D("100.01"),
            D("0.5000"),
        )

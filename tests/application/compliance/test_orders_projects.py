"""ORDER_DELIVERY_DUE, PROJECT_SCHEDULE and PROJECT_COST (DOMAIN §2, §4, §7): each opens and
closes on a scripted history, at instants worked out by hand. The clock starts 2026-07-01 01:30
UTC; each driven step takes an hour. An order promised for 2026-07-20 is late from 16:00 UTC that
day (midnight in Shanghai); a project planned to end 2026-12-31 is late from 16:00 UTC that day.
Both stores."""

from __future__ import annotations

from infrastructure.opsledger import Opsledger
from tests.application import order_envelopes as orders
from tests.application import project_envelopes as projects
from tests.application.compliance.reading import iso, seen, utc
from tests.clocks import FixedClock

DELIVERY_DUE = utc(2026, 7, 20, 16)
SCHEDULE_DUE = utc(2026, 12, 31, 16)


class TestOrderDelivery:
    def test_sweep_opens_and_delivery_closes(self, ledger: Opsledger, clock: FixedClock) -> None:
        order = orders.drive(ledger, clock, "in_fulfilment")
        clock.current = utc(2026, 7, 21)
        assert [b.event_type for b in ledger.sweep().breaches] == ["OrderDeliveryOverdue"]
        clock.advance(hours=1)
        orders.accept(ledger, orders.command("ship", order))
        clock.advance(hours=1)  # 07-21 02:00
        orders.accept(ledger, orders.command("confirm_delivery", order))

        assert seen(ledger, order) == [
            (
                "ORDER_DELIVERY_DUE",
                "",
                "closed",
                DELIVERY_DUE,
                utc(2026, 7, 21, 2),
                "OrderDeliveryOverdue",
                "OrderDelivered",
            )
        ]

    def test_late_facts_entered_without_a_sweep(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Shipped 07-21 10:00 and delivered 07-22 09:00, both entered on 07-25: the shipment
        already shows the order owed past its date; the delivery closes the finding."""
        order = orders.drive(ledger, clock, "in_fulfilment")
        clock.current = utc(2026, 7, 25)
        shipped, delivered = utc(2026, 7, 21, 10), utc(2026, 7, 22, 9)
        orders.accept(ledger, orders.command("ship", order, occurred_at=iso(shipped)))
        orders.accept(ledger, orders.command("confirm_delivery", order, occurred_at=iso(delivered)))
        ledger.sweep()

        assert seen(ledger, order) == [
            (
                "ORDER_DELIVERY_DUE",
                "",
                "closed",
                DELIVERY_DUE,
                delivered,
                "ShipmentDispatched",
                "OrderDelivered",
            )
        ]

    def test_delivered_on_time_gives_none(self, ledger: Opsledger, clock: FixedClock) -> None:
        order = orders.drive(ledger, clock, "delivered")
        clock.current = utc(2026, 8, 1)
        ledger.sweep()
        assert seen(ledger, order) == []


class TestProjectCost:
    def test_over_the_tolerance_until_a_change_covers_it(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """Baseline 450,000.00: the limit is 495,000.00. A cost of 500,000.00 at 07-01 07:30
        breaches it. A change to 450,500.00 (limit 495,550.00) does not cover it; a change to
        460,000.00 (limit 506,000.00), approved 07-01 11:30, does."""
        project = projects.drive(ledger, clock, "executing")  # started 07-01 06:30
        clock.advance(hours=1)
        cost = {"amount": "500000.00", "description": "服务器 (servers)"}
        projects.accept(ledger, projects.command("record_cost", project, payload=cost))
        for baseline in ("450500.00", "460000.00"):
            clock.advance(hours=1)
            change = {"new_baseline_cost": baseline}
            projects.accept(ledger, projects.command("request_change", project, payload=change))
            clock.advance(hours=1)
            projects.accept(ledger, projects.command("approve_change", project))
            if baseline == "450500.00":
                assert [f[2] for f in seen(ledger, project)] == ["open"]

        assert seen(ledger, project) == [
            (
                "PROJECT_COST",
                "1",
                "closed",
                utc(2026, 7, 1, 7, 30),
                utc(2026, 7, 1, 11, 30),
                "CostRecorded",
                "BaselineChanged",
            )
        ]


class TestProjectSchedule:
    def test_sweep_opens_and_acceptance_closes(self, ledger: Opsledger, clock: FixedClock) -> None:
        project = projects.drive(ledger, clock, "executing")
        clock.current = utc(2027, 1, 1)
        assert [b.event_type for b in ledger.sweep().breaches] == ["ProjectScheduleOverdue"]
        for name in ("done_0", "done_1", "done_2", "request_acceptance", "record_acceptance"):
            clock.advance(hours=1)
            projects.accept(ledger, projects.step(name, project))

        assert seen(ledger, project) == [
            (
                "PROJECT_SCHEDULE",
                "",
                "closed",
                SCHEDULE_DUE,
                utc(2027, 1, 1, 5),
                "ProjectScheduleOverdue",
                "AcceptancePassed",
            )
        ]

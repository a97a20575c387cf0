"""A small July for the compliance reports: three complaints of customer service and an order
of sales, with two acknowledgement breaches and one refused maker-checker attempt."""

from __future__ import annotations

from uuid import UUID

import attrs

from infrastructure.opsledger import Opsledger
from tests.application import complaint_envelopes as complaints
from tests.application import order_envelopes as orders
from tests.application.compliance.reading import utc
from tests.clocks import FixedClock


@attrs.frozen(kw_only=True)
class July:
    late: UUID  # acknowledged 07-02 08:30, after its deadline 07-02 01:30 (the sweep noticed)
    in_time: UUID  # acknowledged 07-01 02:30, within its SLA
    never: UUID  # never acknowledged: due 07-02 02:30, the sweep noticed
    order: UUID  # under review; its own sales rep tried to review it as legal at 07-01 04:30


def july(ledger: Opsledger, clock: FixedClock) -> July:
    late = complaints.drive(ledger, clock)  # received 07-01 01:30
    in_time = complaints.drive(ledger, clock)
    clock.advance(hours=1)  # 07-01 02:30
    complaints.accept(ledger, complaints.command("acknowledge", in_time))
    never = complaints.drive(ledger, clock)
    order = orders.drive(ledger, clock, "under_review")  # review requested 07-01 03:30
    clock.advance(hours=1)  # 07-01 04:30
    rep_as_legal = orders.holding("legal", actor_id=orders.SALES_REP["id"])
    assert ledger.submit(orders.review(order, "legal", actor=rep_as_legal)).code == (
        "segregation_of_duties"
    )
    clock.current = utc(2026, 7, 2, 7, 30)
    assert len(ledger.sweep().breaches) == 2
    clock.advance(hours=1)  # 07-02 08:30
    complaints.accept(ledger, complaints.command("acknowledge", late))
    ledger.projections.catch_up()
    return July(late=late, in_time=in_time, never=never, order=order)

"""Decisions on projects: who may do what, when, and which events follow (DOMAIN §4).

One pure function per command of §4, named as its command type names it (`project.submit_plan`
is `submit_plan`): the project (except for `propose`), the payload's fields, then `actor` and
`at`, all by keyword. Each returns the events decided or raises the refusal.
"""

from domain.project.decisions.closing import (
    close,
    record_acceptance,
    request_acceptance,
    submit_closing_report,
)
from domain.project.decisions.execution import (
    cancel,
    hold,
    record_cost,
    record_progress,
    resume,
    start,
)
from domain.project.decisions.initiation import (
    add_member,
    appoint_manager,
    approve,
    propose,
    reject,
)
from domain.project.decisions.planning import (
    approve_change,
    approve_plan,
    request_change,
    submit_plan,
)

__all__ = [
    "add_member",
    "appoint_manager",
    "approve",
    "approve_change",
    "approve_plan",
    "cancel",
    "close",
    "hold",
    "propose",
    "record_acceptance",
    "record_cost",
    "record_progress",
    "reject",
    "request_acceptance",
    "request_change",
    "resume",
    "start",
    "submit_closing_report",
    "submit_plan",
]

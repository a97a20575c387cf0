"""Decisions on budgets: who may do what, when, and which events follow (DOMAIN §5).

One pure function per command of §5, named as its command type names it (`budget.commit_funds`
is `commit_funds`): the budget (except for `draft`), the payload's fields, then `actor` and
`at` (and the company's `zone` where the calendar decides), all by keyword. Each returns the
events decided or raises the refusal. A reason the envelope carries is not theirs to check.
"""

from domain.budget.decisions.adjustments import (
    approve_adjustment,
    reject_adjustment,
    request_adjustment,
    review_adjustment,
)
from domain.budget.decisions.closing import close
from domain.budget.decisions.compiling import approve, draft, review, revise_draft, submit
from domain.budget.decisions.control import commit_funds, record_spend

__all__ = [
    "approve",
    "approve_adjustment",
    "close",
    "commit_funds",
    "draft",
    "record_spend",
    "reject_adjustment",
    "request_adjustment",
    "review",
    "review_adjustment",
    "revise_draft",
    "submit",
]

"""Decisions on risks: who may do what, when, and which events follow (DOMAIN §6).

One pure function per command of §6, named as its command type names it (`risk.assess_residual`
is `assess_residual`): the risk (except for `identify`), the payload's fields, then `actor` and
`at` (and the company's time zone `zone` where a date falls due), all by keyword. Each returns
the events decided or raises the refusal. The reason `close` and `reopen` need is on the
command's envelope, not in the events.
"""

from domain.risk.decisions.actions import add_action, complete_action
from domain.risk.decisions.assessment import assess, assess_residual, identify
from domain.risk.decisions.response import approve_acceptance, choose_response
from domain.risk.decisions.review import close, reopen, review

__all__ = [
    "add_action",
    "approve_acceptance",
    "assess",
    "assess_residual",
    "choose_response",
    "close",
    "complete_action",
    "identify",
    "reopen",
    "review",
]

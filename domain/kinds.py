"""Every kind of record, in the order of DOMAIN's sections."""

from __future__ import annotations

from domain.budget.kind import BUDGET
from domain.complaint.kind import COMPLAINT
from domain.order.kind import ORDER
from domain.project.kind import PROJECT
from domain.rectification.kind import RECTIFICATION
from domain.risk.kind import RISK
from domain.shared.kind import Kind

KINDS: tuple[Kind, ...] = (ORDER, COMPLAINT, PROJECT, BUDGET, RISK, RECTIFICATION)

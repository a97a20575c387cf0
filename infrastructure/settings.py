"""Company-wide settings read from the environment: time zone, policies, store time limits."""

from __future__ import annotations

import math
import os
from datetime import timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from application.commands.spec import Policies
from domain.complaint.values import DEFAULT_SLA, Severity
from domain.order.values import DEFAULT_SIGNING_LIMITS, SigningLimits
from domain.shared.money import InvalidAmount, Money

TIMEZONE_ENV = "OPSLEDGER_TIMEZONE"
DEFAULT_TIMEZONE = "Asia/Shanghai"


class SettingError(ValueError):
    """A setting in the environment has a value opsledger cannot use."""


def company_timezone() -> ZoneInfo:
    """The company's time zone (DOMAIN §1): which day, month or quarter an instant is in."""
    name = os.environ.get(TIMEZONE_ENV) or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingError(f"{TIMEZONE_ENV}={name!r} is not a known time zone") from None


ACK_HOURS_ENV = "OPSLEDGER_COMPLAINT_ACK_HOURS"
RESOLVE_DAYS_ENV = "OPSLEDGER_COMPLAINT_RESOLVE_DAYS"


def policies_from_environment() -> Policies:
    """The complaint SLA policy (DOMAIN §3), defaults unless the environment sets it:
    OPSLEDGER_COMPLAINT_ACK_HOURS=24 and
    OPSLEDGER_COMPLAINT_RESOLVE_DAYS=critical=2,high=5,medium=10,low=15."""
    sla = DEFAULT_SLA
    hours = os.environ.get(ACK_HOURS_ENV)
    if hours:
        sla = attrs.evolve(sla, acknowledge_within=timedelta(hours=_positive(ACK_HOURS_ENV, hours)))
    days = os.environ.get(RESOLVE_DAYS_ENV)
    if days:
        within = dict(sla.resolve_within)
        for part in days.split(","):
            name, _, value = part.partition("=")
            try:
                severity = Severity(name.strip())
            except ValueError:
                raise SettingError(
                    f"{RESOLVE_DAYS_ENV}: unknown severity {name.strip()!r}"
                ) from None
            within[severity] = timedelta(days=_positive(RESOLVE_DAYS_ENV, value))
        sla = attrs.evolve(sla, resolve_within=within)
    return Policies(
        complaint_sla=sla, zone=company_timezone(), signing_limits=signing_limits_from_environment()
    )


SIGNING_LIMITS_ENV = "OPSLEDGER_SIGNING_LIMITS"


def signing_limits_from_environment() -> SigningLimits:
    """The most a sales manager may sign for, per currency (DOMAIN §2): default CNY=1000000;
    OPSLEDGER_SIGNING_LIMITS=CNY=1000000,USD=150000 sets each currency named. An order in a
    currency with no limit is signed by management."""
    text = os.environ.get(SIGNING_LIMITS_ENV)
    if not text:
        return DEFAULT_SIGNING_LIMITS
    limits: dict[str, Money] = {}
    for part in text.split(","):
        code, _, amount = (piece.strip() for piece in part.partition("="))
        try:
            limits[code] = Money.parse(amount, code)
        except InvalidAmount as error:
            raise SettingError(f"{SIGNING_LIMITS_ENV}: {part.strip()!r}: {error}") from None
        if limits[code].is_negative:
            raise SettingError(f"{SIGNING_LIMITS_ENV}: {part.strip()!r} must not be negative")
    return MappingProxyType(limits)


def _positive(name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise SettingError(f"{name}: {text.strip()!r} is not a number") from None
    if not (value > 0 and math.isfinite(value)):
        raise SettingError(f"{name}: {text.strip()!r} must be a finite number more than 0")
    return value


CONNECT_TIMEOUT_ENV = "OPSLEDGER_CONNECT_TIMEOUT"
STATEMENT_TIMEOUT_ENV = "OPSLEDGER_STATEMENT_TIMEOUT"
RETRY_SECONDS_ENV = "OPSLEDGER_RETRY_SECONDS"


@attrs.frozen(kw_only=True)
class StoreTimeouts:
    """How long opsledger waits on the store, in seconds: to connect, for one statement (lock
    waits included), and in all for one command that keeps losing races or meets an outage."""

    connect: float = 2.0
    statement: float = 30.0
    retry_for: float = 5.0


def store_timeouts_from_environment() -> StoreTimeouts:
    """The store's time limits, defaults unless OPSLEDGER_CONNECT_TIMEOUT (2),
    OPSLEDGER_STATEMENT_TIMEOUT (30) or OPSLEDGER_RETRY_SECONDS (5) say otherwise."""
    defaults = StoreTimeouts()
    return StoreTimeouts(
        connect=_seconds(CONNECT_TIMEOUT_ENV, defaults.connect),
        statement=_seconds(STATEMENT_TIMEOUT_ENV, defaults.statement),
        retry_for=_seconds(RETRY_SECONDS_ENV, defaults.retry_for),
    )


def _seconds(name: str, default: float) -> float:
    text = os.environ.get(name)
    return _positive(name, text) if text else default
